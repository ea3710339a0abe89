import type { EvalRow, VariantName } from '../../core/eval-types.js';
import { gapLabels } from '../../decide/index.js';
import type { ReportCase } from '../build-report-payload.js';
import { classifyRowOutcome, rowOutcomeLabels } from '../classify-row-outcome.js';
import type { RunView } from '../run-view.js';
import { Section } from './section.js';

export interface CasesPanelProps {
  view: RunView;
  /**
   * Set by the dashboard: a case opens in its side panel. Without it (the HTML report) the page's
   * script opens the case's drill-down under its row (src/report/client/report-client.tsx).
   */
  onOpenCase?: (caseId: string) => void;
}

/** Every case with one verdict per variant, a text filter and a label filter; a row opens the case's drill-down. */
export function CasesPanel(props: CasesPanelProps) {
  const { view } = props;
  const count = `${view.cases.length} of ${view.cases.length} cases`;
  return (
    <Section
      id="cases"
      heading="Cases"
      lead="Click a case (or focus it and press Enter) for its question, reference, attribution and every variant’s answer, checks and passages."
    >
      <div class="case-tools">
        <label class="sr-only" for="case-filter">
          Filter cases
        </label>
        <input id="case-filter" type="search" placeholder="Filter by text, tag or label" autocomplete="off" />
        <label class="sr-only" for="label-filter">
          Attribution label
        </label>
        <select id="label-filter">
          <option value="">all labels</option>
          {gapLabels.map((label) => (
            <option value={label}>{label}</option>
          ))}
        </select>
        <span class="case-count" id="case-count" aria-live="polite">
          {count}
        </span>
      </div>
      <div class="table-scroll">
        <table class="cases" id="case-table">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Question</th>
              <th scope="col">Tags</th>
              <th scope="col">Attribution</th>
              {view.variants.map((variant) => (
                <th scope="col" class="verdict">
                  {variant}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.cases.map((entry, index) => (
              <CaseRow entry={entry} index={index} variants={view.variants} onOpenCase={props.onOpenCase} />
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function CaseRow(props: {
  entry: ReportCase;
  index: number;
  variants: readonly VariantName[];
  onOpenCase: ((caseId: string) => void) | undefined;
}) {
  const { entry, index, onOpenCase } = props;
  const label = entry.attribution?.label;
  const search = [
    entry.id,
    entry.question,
    ...entry.tags,
    label ?? '',
    ...(entry.attribution?.secondary ?? []),
  ]
    .join(' ')
    .toLowerCase();
  const open = onOpenCase ? () => onOpenCase(entry.id) : undefined;
  return (
    <tr
      class="case-row"
      data-case-index={String(index)}
      data-case-id={entry.id}
      data-label={label ?? ''}
      data-search={search}
      {...(open ? { onClick: open } : {})}
    >
      <td>
        {onOpenCase ? (
          <button type="button" class="case-toggle" aria-haspopup="dialog">
            {entry.id}
          </button>
        ) : (
          <button
            type="button"
            class="case-toggle"
            aria-expanded="false"
            aria-controls={`case-detail-${index}`}
          >
            {entry.id}
          </button>
        )}
      </td>
      <td class="question">{entry.question}</td>
      <td>
        {entry.tags.map((tag) => (
          <span class="tag">{tag}</span>
        ))}
      </td>
      <td>
        {label ? <span class={`label-chip label-${label}`}>{label}</span> : <span class="empty">—</span>}
      </td>
      {props.variants.map((variant) => (
        <VerdictCell row={entry.rows.get(variant)} variant={variant} />
      ))}
    </tr>
  );
}

function VerdictCell(props: { row: EvalRow | undefined; variant: VariantName }) {
  const { row, variant } = props;
  if (!row) return <Verdict className="v-missing" title={`${variant}: not run`} mark="–" spoken="not run" />;
  const outcome = classifyRowOutcome(row);
  if (outcome === 'error') {
    return (
      <Verdict
        className="v-error"
        title={`${variant}: error ${row.error?.code ?? ''}`}
        mark="!"
        spoken="error"
      />
    );
  }
  if (outcome === 'pass')
    return <Verdict className="v-pass" title={`${variant}: pass`} mark="✓" spoken="pass" />;
  return (
    <Verdict className="v-fail" title={`${variant}: ${rowOutcomeLabels[outcome]}`} mark="✗" spoken="fail" />
  );
}

function Verdict(props: { className: string; title: string; mark: string; spoken: string }) {
  return (
    <td class={`verdict ${props.className}`} title={props.title}>
      {props.mark}
      <span class="sr-only"> {props.spoken}</span>
    </td>
  );
}
