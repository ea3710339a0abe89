import type { RunView } from '../run-view.js';
import { countUnplottedRows, LatencyChart } from './latency-chart.js';
import { ChartScroll, Section } from './section.js';

/** Chart 3 and what it leaves out. */
export function LatencyPanel(props: { view: RunView }) {
  const input = { latest: props.view.latest, variants: props.view.variants };
  const { cached, errored } = countUnplottedRows(input);
  const left = [
    cached > 0 ? `${cached} cached ${cached === 1 ? 'row' : 'rows'}` : '',
    errored > 0 ? `${errored} errored ${errored === 1 ? 'row' : 'rows'}` : '',
  ].filter(Boolean);
  return (
    <Section
      id="latency"
      heading="Latency per variant"
      lead="Each dot is one answer; the box spans p25–p75, the dark line is the median and the red tick p95."
    >
      <ChartScroll>
        <LatencyChart {...input} />
      </ChartScroll>
      {left.length > 0 ? (
        <p class="chart-notes">{`Not plotted: ${left.join(' and ')} (no model time was measured).`}</p>
      ) : null}
    </Section>
  );
}
