import { describeComparison, type ExperimentReport } from '../experiments-report.js';
import type { Interval, Proportion } from '../experiments-statistics.js';

/** An interval as a line over 0–100% with a dot at the rate: SVG attributes, no inline style (the CSP has none). */
function IntervalBar(props: { rate: number; interval: Interval }) {
  const x = (value: number) => String(Math.round(value * 1000) / 10);
  return (
    <svg class="interval" viewBox="0 0 100 10" width="100" height="10" role="img" aria-hidden="true">
      <line x1="0" y1="5" x2="100" y2="5" class="axis" />
      <line x1={x(props.interval.low)} y1="5" x2={x(props.interval.high)} y2="5" class="range" />
      <circle cx={x(props.rate)} cy="5" r="2.5" class="point" />
    </svg>
  );
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function ProportionCell(props: { proportion: Proportion; bar?: boolean }) {
  const { rate, interval, successes, trials } = props.proportion;
  if (rate === null || !interval) return <td class="muted">–</td>;
  return (
    <td>
      {props.bar ? <IntervalBar rate={rate} interval={interval} /> : null}
      <span>{`${percent(rate)} [${percent(interval.low)}, ${percent(interval.high)}]`}</span>{' '}
      <span class="muted">{`(${successes}/${trials})`}</span>
    </td>
  );
}

/** One experiment: per-arm outcomes with Wilson intervals, then each arm against the first. */
export function ExperimentPanel(props: { report: ExperimentReport }) {
  const { report } = props;
  return (
    <section class="card experiment" data-experiment={report.experiment}>
      <h3>{report.experiment}</h3>
      <table class="experiment-arms">
        <thead>
          <tr>
            <th>arm</th>
            <th>responses</th>
            <th>users</th>
            <th>rated</th>
            <th>{`thumbs-up rate [${Math.round((1 - report.level) * 100)}% CI]`}</th>
            <th>citations valid</th>
            <th>refusals</th>
            <th>p50 ms</th>
          </tr>
        </thead>
        <tbody>
          {report.arms.map((arm) => (
            <tr data-arm={arm.arm}>
              <td>{arm.arm}</td>
              <td>{String(arm.responses)}</td>
              <td>{String(arm.users)}</td>
              <td>{`${arm.rated} (${arm.up} up, ${arm.down} down)`}</td>
              <ProportionCell proportion={arm.upRate} bar />
              <ProportionCell proportion={arm.citationsValid} />
              <ProportionCell proportion={arm.refusals} />
              <td>{arm.latencyMs ? String(Math.round(arm.latencyMs.p50)) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul class="comparisons">
        {report.comparisons.map((comparison) => (
          <li data-significant={comparison.upRate?.significant ? 'true' : 'false'}>
            {describeComparison(comparison)}
          </li>
        ))}
      </ul>
      <p class="muted method">{`Method: ${report.method}.`}</p>
    </section>
  );
}

/** Every configured experiment, or how to configure one. */
export function ExperimentsPanel(props: { reports: readonly ExperimentReport[] }) {
  if (props.reports.length === 0) {
    return (
      <p class="muted">
        No experiment configured. Add <code>serve.experiments</code> to knowhow.yaml (a name, arms with model
        and weight); clients then ask for the experiment's name as their model.
      </p>
    );
  }
  return (
    <>
      {props.reports.map((report) => (
        <ExperimentPanel report={report} />
      ))}
    </>
  );
}
