import { formatCount, formatMilliseconds, formatMoney, formatPercent } from '../format-values.js';
import type { RunView } from '../run-view.js';
import { Section } from './section.js';

const columns = [
  'Variant',
  'Pass',
  'Content',
  'Format',
  'Grounding',
  'Recall',
  'p50',
  'p95',
  'Tokens / answer',
  'Run cost',
  'Errors / cached',
];

/** One row per variant: pass rates per check kind, recall, latency, tokens and cost. */
export function VariantsPanel(props: { view: RunView }) {
  return (
    <Section
      id="variants"
      heading="Variants"
      lead="Pass rates per check kind are over rows that had a verdict of that kind; latency is over live calls (cached and errored rows left out); tokens are means per answer (prompt + completion)."
    >
      <div class="table-scroll">
        <table class="variant-table">
          <thead>
            <tr>
              {columns.map((title, index) => (
                <th scope="col" class={index > 0 ? 'num' : undefined}>
                  {title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.view.summaries.map((summary) => (
              <tr data-variant={summary.variant}>
                <th scope="row" title={summary.model}>
                  {summary.variant}
                  {summary.extractive > 0 ? (
                    <>
                      {' '}
                      <span class="tag">extractive</span>
                    </>
                  ) : null}
                </th>
                <td class="num">
                  <span class="pass-bar">
                    <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                      <rect class="pass-track" width="100" height="6" rx="3" />
                      <rect
                        class="pass-fill"
                        width={String(Math.round(summary.passRate * 100))}
                        height="6"
                        rx="3"
                      />
                    </svg>
                  </span>
                  {`${formatPercent(summary.passRate)} (${summary.passed}/${summary.cases})`}
                </td>
                <td class="num">{formatPercent(summary.contentPassRate)}</td>
                <td class="num">{formatPercent(summary.formatPassRate)}</td>
                <td class="num">{formatPercent(summary.groundingPassRate)}</td>
                <td class="num">{summary.meanRecall === null ? '—' : summary.meanRecall.toFixed(2)}</td>
                <td class="num">{formatMilliseconds(summary.latency?.p50Ms)}</td>
                <td class="num">{formatMilliseconds(summary.latency?.p95Ms)}</td>
                <td class="num">{`${formatCount(summary.meanPromptTokens)} + ${formatCount(summary.meanCompletionTokens)}`}</td>
                <td class="num">{formatMoney(summary.totalCostUsd, 'USD')}</td>
                <td class="num">{`${summary.errors} / ${summary.cached}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
