import { architectureLabels, architectures, type CostProjection } from '../../decide/index.js';
import { capitalize, formatCompact, formatCount, formatMilliseconds, formatMoney } from '../format-values.js';
import type { RunView } from '../run-view.js';
import { CostChart, type CostChartGeometry, computeCostChartGeometry, LineSwatch } from './cost-chart.js';
import { InlineText } from './inline-text.js';
import { ChartScroll, Section } from './section.js';

/** Chart 2, the break-even list, the cost table and the assumptions behind the projection. */
export function CostPanel(props: { view: RunView }) {
  const costs = props.view.diagnosis?.costs;
  if (!costs) {
    return (
      <Section id="cost" heading="Cost against query volume">
        <p class="empty">
          <InlineText text="The monthly cost of each architecture appears after `knowhow diagnose`." />
        </p>
      </Section>
    );
  }
  const geometry = computeCostChartGeometry(costs);
  const plotted = architectures.filter((architecture) =>
    costs.curve.some((point) => point.monthlyUsd[architecture] !== undefined),
  );
  const asOf = costs.pricesAsOf.length > 0 ? `Prices as of ${costs.pricesAsOf.join(', ')}. ` : '';
  const unpriced =
    costs.unpricedModels.length > 0
      ? ` No price for ${costs.unpricedModels.join(', ')}: unknown, so no total or break-even rests on it.`
      : '';
  return (
    <Section
      id="cost"
      heading="Cost against query volume"
      lead={`Monthly cost of each architecture by daily query volume, projected from measured tokens. ${asOf}${unpriced}`}
    >
      <ChartScroll>
        <CostChart costs={costs} geometry={geometry} />
      </ChartScroll>
      <ul class="legend" aria-label="Architectures">
        {architectures.map((architecture) => (
          <li>
            <LineSwatch architecture={architecture} />
            {architectureLabels[architecture]}{' '}
            <span class="weight">
              {plotted.includes(architecture)
                ? costs.architectures[architecture].basis
                : 'not plotted: no data'}
            </span>
          </li>
        ))}
      </ul>
      <BreakEvenList costs={costs} geometry={geometry} />
      <CostTable costs={costs} />
      <details class="assumptions">
        <summary>{`How these costs were projected (${costs.assumptions.length} assumptions)`}</summary>
        <ul>
          {costs.assumptions.map((line) => (
            <li>
              <InlineText text={line} />
            </li>
          ))}
        </ul>
      </details>
    </Section>
  );
}

function BreakEvenList(props: { costs: CostProjection; geometry: CostChartGeometry }) {
  const { costs, geometry } = props;
  if (costs.breakEvens.length === 0) {
    return <p class="chart-notes">No break-even: the cost lines do not cross at a positive volume.</p>;
  }
  return (
    <ol class="break-evens" aria-label="Break-even points (numbered as on the chart)">
      {costs.breakEvens.map((entry) => {
        const onChart = geometry.breakEvens.some(
          (plotted) =>
            plotted.between.join() === entry.between.join() && plotted.queriesPerDay === entry.queriesPerDay,
        );
        const [a, b] = entry.between;
        return (
          <li>
            {`${capitalize(architectureLabels[a])} and ${architectureLabels[b]} cost the same at ${formatCount(
              entry.queriesPerDay,
            )} queries/day (${formatMoney(entry.monthlyUsd, costs.currency)}/month): ${architectureLabels[entry.cheaperBelow]} is cheaper below, ${architectureLabels[entry.cheaperAbove]} above.${
              onChart ? '' : ' (Off the chart.)'
            }`}
          </li>
        );
      })}
    </ol>
  );
}

function CostTable(props: { costs: CostProjection }) {
  const { costs } = props;
  const currency = costs.currency;
  return (
    <div class="table-scroll">
      <table class="cost-table">
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            <th scope="col" class="num">{`Monthly at ${formatCompact(costs.queriesPerDay)}/day`}</th>
            <th scope="col" class="num">
              Per query
            </th>
            <th scope="col" class="num">
              Training run
            </th>
            <th scope="col" class="num">
              p95
            </th>
            <th scope="col">Basis</th>
            <th scope="col">Model</th>
          </tr>
        </thead>
        <tbody>
          {architectures.map((architecture) => {
            const cost = costs.architectures[architecture];
            const training = cost.trainingRun
              ? `${formatMoney(cost.trainingRun.usd, currency)} × ${cost.trainingRun.runsPerYear}/yr`
              : '—';
            // The amounts first: on a narrow screen the model ids are what scrolls out of view.
            return (
              <tr class="architecture-row" data-architecture={architecture}>
                <th scope="row">{architectureLabels[architecture]}</th>
                <td class="num">
                  {cost.basis === 'missing' || cost.complete === false
                    ? '—'
                    : formatMoney(cost.monthly.total, currency)}
                </td>
                <td class="num">
                  {cost.model !== null && costs.unpricedModels.includes(cost.model)
                    ? '—'
                    : formatMoney(cost.perQuery.usd, currency)}
                </td>
                <td class="num">{training}</td>
                <td class="num">{formatMilliseconds(cost.latency?.p95Ms)}</td>
                <td>
                  {cost.basis}
                  {cost.variant ? ` (${cost.variant})` : ''}
                </td>
                <td class="mono">{cost.model ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
