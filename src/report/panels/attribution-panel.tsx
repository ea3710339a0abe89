import { gapLabels } from '../../decide/index.js';
import { classifyRowOutcome, rowOutcomeLabels, rowOutcomes } from '../classify-row-outcome.js';
import type { RunView } from '../run-view.js';
import { AttributionChart } from './attribution-chart.js';
import { ChartScroll, Section } from './section.js';

/** Chart 1 with its legends: what each variant's answers did, and why each case fails (labels filter the cases). */
export function AttributionPanel(props: { view: RunView }) {
  const { view } = props;
  const summary = view.diagnosis?.attributionSummary ?? null;
  const outcomes = rowOutcomes.filter(
    (outcome) => outcome !== 'other-fail' || view.rows.some((row) => classifyRowOutcome(row) === outcome),
  );
  return (
    <Section
      id="attribution"
      heading="Failure attribution by variant"
      lead="Top: what each variant’s answers did. Bottom: why each case fails, from all its rows (click a label to list its cases)."
    >
      <ChartScroll>
        <AttributionChart latest={view.latest} variants={view.variants} attributionSummary={summary} />
      </ChartScroll>
      <ul class="legend" aria-label="Row outcomes">
        {outcomes.map((outcome) => (
          <li>
            <span class={`swatch outcome-${outcome}`} />
            {rowOutcomeLabels[outcome]}
          </li>
        ))}
      </ul>
      {summary ? (
        <>
          <ul class="legend" aria-label="Attribution labels (click to filter the cases)">
            {gapLabels.map((label) => (
              <li>
                <button type="button" data-filter-label={label} title="Show these cases in the table">
                  <span class={`swatch label-${label}`} />
                  {label} <span class="count">{String(summary.counts[label])}</span>
                  {summary.secondaryCounts[label] > 0 ? (
                    <>
                      {' '}
                      <span class="weight">(+{String(summary.secondaryCounts[label])} secondary)</span>
                    </>
                  ) : null}
                </button>
              </li>
            ))}
          </ul>
          <p class="chart-notes">
            {`${summary.failing} of ${summary.cases} cases fail under the plain prompt; ${summary.knowledgeNeeds} need knowledge, ${summary.behaviourNeeds} have a behaviour gap, ${summary.bothNeeds} both.`}
          </p>
        </>
      ) : (
        <p class="chart-notes">
          Per-case labels (knowledge gap, behaviour gap…) appear after <code>knowhow diagnose</code>.
        </p>
      )}
    </Section>
  );
}
