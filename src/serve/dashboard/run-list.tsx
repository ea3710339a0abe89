import { type Architecture, architectureLabels } from '../../decide/index.js';
import { formatPercent } from '../../report/panels/index.js';
import type { RunSummary } from '../api-types.js';

export interface RunListProps {
  runs: readonly RunSummary[];
  selected: string | null;
  onOpen: (id: string) => void;
}

/** The eval runs, newest first: when, how many cases, the recommendation, a bar per variant's pass rate. */
export function RunList(props: RunListProps) {
  if (props.runs.length === 0) {
    return (
      <p class="muted">
        No runs yet. Run <code>knowhow eval</code>.
      </p>
    );
  }
  return (
    <>
      {props.runs.map((run) => (
        <button
          type="button"
          class={run.id === props.selected ? 'run selected' : 'run'}
          data-testid="run-item"
          data-run={run.id}
          onClick={() => props.onOpen(run.id)}
        >
          <div class="id">{run.id}</div>
          <div class="when">{`${formatWhen(run.created_at)} · ${run.cases} cases`}</div>
          {run.recommendation ? (
            <div>
              <span class="badge">{`→ ${labelArchitecture(run.recommendation)}`}</span>
            </div>
          ) : null}
          <svg
            class="mini"
            viewBox={`0 0 ${run.variants.length * 40} 5`}
            preserveAspectRatio="none"
            role="img"
            aria-label={run.variants
              .map((entry) => `${entry.variant} ${formatPercent(entry.pass_rate)}`)
              .join(' · ')}
          >
            <title>
              {run.variants.map((entry) => `${entry.variant} ${formatPercent(entry.pass_rate)}`).join(' · ')}
            </title>
            {run.variants.map((entry, index) => (
              <>
                <rect class="mini-track" x={String(index * 40)} width="37" height="5" rx="2.5" />
                <rect
                  class="mini-fill"
                  x={String(index * 40)}
                  width={String(Math.round(entry.pass_rate * 37 * 10) / 10)}
                  height="5"
                  rx="2.5"
                />
              </>
            ))}
          </svg>
        </button>
      ))}
    </>
  );
}

/** The browser's local date and time; an unparseable value is shown as it came. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** "rag" → "RAG": the recommendation as the report names it (an unknown name is shown as it came). */
function labelArchitecture(name: string): string {
  return Object.hasOwn(architectureLabels, name) ? architectureLabels[name as Architecture] : name;
}
