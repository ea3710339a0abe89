import type { Child } from 'hono/jsx';
import { formatCount } from '../format-values.js';
import type { RunView } from '../run-view.js';
import { InlineText } from './inline-text.js';

export interface RunHeaderProps {
  view: RunView;
  /** The small line above the heading ("knowhow · diagnosis report"). */
  brand: string;
  heading: string;
  /** Buttons the host adds (the dashboard's "Open full report"). */
  actions?: Child;
}

/** The run's identity: when, how many cases, which model answered each variant, and the notes. */
export function RunHeader(props: RunHeaderProps) {
  const { view } = props;
  const meta: [string, string][] = [
    ['Run', view.runId],
    ['Created', view.createdAt],
    ['Cases', formatCount(view.cases.length)],
    ['Rows', formatCount(view.rows.length)],
  ];
  // Variants usually share a model: one line per model, naming its variants.
  const variantsByModel = new Map<string, string[]>();
  for (const [variant, model] of Object.entries(view.models)) {
    variantsByModel.set(model, [...(variantsByModel.get(model) ?? []), variant]);
  }
  return (
    <header class="page-header">
      <div class="brand">{props.brand}</div>
      <div class="header-row">
        <h1>{props.heading}</h1>
        {props.actions}
      </div>
      <dl class="meta">
        {meta.map(([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {variantsByModel.size > 0 ? (
        <ul class="models" aria-label="Models per variant">
          {[...variantsByModel].map(([model, variants]) => (
            <li>
              <strong>{variants.join(', ')}</strong> <span class="mono">{model}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {view.notes.length > 0 ? (
        <ul class="notes" aria-label="Notes">
          {view.notes.map((note) => (
            <li>
              <InlineText text={note} />
            </li>
          ))}
        </ul>
      ) : null}
      {view.skippedVariants.length > 0 ? (
        <ul class="skipped" aria-label="Skipped variants">
          {view.skippedVariants.map((entry) => (
            <li>
              Not run: <strong>{entry.variant}</strong> — {entry.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </header>
  );
}
