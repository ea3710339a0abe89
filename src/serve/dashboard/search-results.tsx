import { formatMilliseconds } from '../../report/panels/index.js';
import type { Snippet } from '../../retrieve/index.js';
import type { SearchResponse } from '../api-types.js';
import { formatPlace } from './answer-text.js';

/** One line on what the search did: how many passages, which retrieval, how long. */
export function describeSearch(response: SearchResponse): string {
  const count = `${response.data.length} passage${response.data.length === 1 ? '' : 's'}`;
  const mode = `${response.mode}${response.reranked ? ' + rerank' : ''}`;
  return `${count} · ${mode} · ${formatMilliseconds(response.retrieval_ms)} · only what your key may read`;
}

/** The hits of POST /v1/search, each with its snippet and the matched words marked. */
export function SearchResults(props: { response: SearchResponse }) {
  const hits = props.response.data;
  return (
    <ol class="search-results" id="search-results">
      {hits.length === 0 ? <li class="muted">No passages found.</li> : null}
      {hits.map((hit) => (
        <li data-testid="search-hit">
          <div class="hit-head">
            {formatPlace(hit.title, hit.heading_path)}
            <span class="doc">{hit.document_id}</span>
            <span class="score">{`score ${hit.score.toFixed(2)}`}</span>
          </div>
          <SnippetText snippet={hit.snippet} />
        </li>
      ))}
    </ol>
  );
}

/** The snippet as text, its highlights (the words BM25 matched) in <mark>. */
export function SnippetText(props: { snippet: Snippet }) {
  const { text, highlights } = props.snippet;
  const parts: (string | { marked: string })[] = [];
  let at = 0;
  for (const range of highlights) {
    parts.push(text.slice(at, range.start), { marked: text.slice(range.start, range.end) });
    at = range.end;
  }
  parts.push(text.slice(at));
  return (
    <p class="snippet">
      {parts.map((part) => (typeof part === 'string' ? part : <mark>{part.marked}</mark>))}
    </p>
  );
}
