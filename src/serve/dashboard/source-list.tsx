import type { CitationJson } from '../api-types.js';
import { formatPlace } from './answer-text.js';

/** The passages a served answer cites, numbered as in the answer. */
export function SourceList(props: { citations: readonly CitationJson[] }) {
  return (
    <ol class="sources" id="ask-sources">
      {props.citations.length === 0 ? <li class="muted">No sources cited.</li> : null}
      {props.citations.map((citation) => (
        <li data-testid="source">
          <span class="n">{`[${citation.marker}]`}</span>
          {formatPlace(citation.title, citation.heading_path)}
          <span class="doc">{citation.document_id}</span>
        </li>
      ))}
    </ol>
  );
}
