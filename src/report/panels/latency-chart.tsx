import type { EvalRow, VariantName } from '../../core/eval-types.js';
import { percentile } from '../../decide/index.js';
import { formatCoordinate as c, createLinearScale, createLinearTicks } from '../chart-scales.js';
import { formatMilliseconds } from '../format-values.js';
import { selectVariantRows } from '../index-latest-rows.js';

export interface LatencyChartProps {
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>;
  variants: readonly VariantName[];
}

const width = 760;
const labelWidth = 112;
const right = 28;
const rowHeight = 46;
const top = 12;
const axisHeight = 44;

/** Each variant's live rows: a cached answer took no model time, an errored call has no answer. */
function selectLiveSeries(props: LatencyChartProps): { variant: VariantName; rows: EvalRow[] }[] {
  return props.variants.map((variant) => ({
    variant,
    rows: selectVariantRows(props.latest, variant).filter((row) => !row.error && !row.cached),
  }));
}

/** Rows left off the latency chart, for the note under it. */
export function countUnplottedRows(props: LatencyChartProps): { cached: number; errored: number } {
  let cached = 0;
  let errored = 0;
  for (const variant of props.variants) {
    for (const row of selectVariantRows(props.latest, variant)) {
      if (row.error) errored++;
      else if (row.cached) cached++;
    }
  }
  return { cached, errored };
}

/**
 * Chart 3: every live row's latency as a dot, per variant, over a box from p25 to p75 with the
 * median and p95 marked. Cached and errored rows are left off (countUnplottedRows counts them).
 */
export function LatencyChart(props: LatencyChartProps) {
  const series = selectLiveSeries(props);
  const max = Math.max(0, ...series.flatMap((entry) => entry.rows.map((row) => row.latencyMs)));
  const ticks = createLinearTicks(max);
  const xScale = createLinearScale([0, ticks[ticks.length - 1]!], [labelWidth, width - right]);
  const plotBottom = top + series.length * rowHeight;
  const height = plotBottom + axisHeight;
  return (
    <svg
      class="chart"
      id="chart-latency"
      viewBox={`0 0 ${width} ${c(height)}`}
      role="img"
      aria-labelledby="chart-latency-title"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="chart-latency-title">Latency distribution per variant</title>
      {ticks.map((tick) => {
        const x = c(xScale(tick));
        return (
          <>
            <line class="grid" x1={x} x2={x} y1={String(top)} y2={String(plotBottom)} />
            <text class="tick" x={x} y={String(plotBottom + 18)} text-anchor="middle">
              {formatMilliseconds(tick)}
            </text>
          </>
        );
      })}
      <line
        class="axis"
        x1={String(labelWidth)}
        x2={String(width - right)}
        y1={String(plotBottom)}
        y2={String(plotBottom)}
      />
      <text class="axis-title" x={c((labelWidth + width - right) / 2)} y={c(height - 6)} text-anchor="middle">
        latency per answer (live calls)
      </text>
      {series.map((entry, rowIndex) => (
        <VariantRow entry={entry} middle={top + rowIndex * rowHeight + rowHeight / 2} xScale={xScale} />
      ))}
    </svg>
  );
}

function VariantRow(props: {
  entry: { variant: VariantName; rows: EvalRow[] };
  middle: number;
  xScale: (value: number) => number;
}) {
  const { entry, middle, xScale } = props;
  const latencies = entry.rows.map((row) => row.latencyMs);
  return (
    <g data-latency-variant={entry.variant}>
      <text
        class="axis-label"
        x={String(labelWidth - 10)}
        y={c(middle)}
        text-anchor="end"
        dominant-baseline="central"
      >
        {entry.variant}
      </text>
      {latencies.length === 0 ? (
        <text class="chart-note" x={String(labelWidth + 8)} y={c(middle)} dominant-baseline="central">
          no live calls
        </text>
      ) : (
        <LatencyBox variant={entry.variant} latencies={latencies} middle={middle} xScale={xScale} />
      )}
      {entry.rows.map((row, index) => {
        // Spread dots vertically in a fixed pattern (not random) so the same run renders the same file.
        const jitter = ((index * 7) % 9) - 4;
        return (
          <circle
            class="latency-point"
            data-latency-point=""
            cx={c(xScale(row.latencyMs))}
            cy={c(middle + jitter * 2.4)}
            r="3"
          >
            <title>{`${row.caseId} (${entry.variant}): ${formatMilliseconds(row.latencyMs)}`}</title>
          </circle>
        );
      })}
    </g>
  );
}

function LatencyBox(props: {
  variant: VariantName;
  latencies: number[];
  middle: number;
  xScale: (value: number) => number;
}) {
  const { latencies, xScale } = props;
  const p25 = percentile(latencies, 25);
  const p50 = percentile(latencies, 50);
  const p75 = percentile(latencies, 75);
  const p95 = percentile(latencies, 95);
  const boxTop = props.middle - 12;
  return (
    <>
      <rect
        class="latency-box"
        data-latency-box=""
        x={c(xScale(p25))}
        y={c(boxTop)}
        width={c(Math.max(1, xScale(p75) - xScale(p25)))}
        height="24"
      >
        <title>{`${props.variant}: p25 ${formatMilliseconds(p25)}, median ${formatMilliseconds(p50)}, p75 ${formatMilliseconds(p75)}, p95 ${formatMilliseconds(p95)} (${latencies.length} live rows)`}</title>
      </rect>
      <line
        class="latency-median"
        x1={c(xScale(p50))}
        x2={c(xScale(p50))}
        y1={c(boxTop - 3)}
        y2={c(boxTop + 27)}
      />
      <line
        class="latency-p95"
        x1={c(xScale(p95))}
        x2={c(xScale(p95))}
        y1={c(boxTop + 2)}
        y2={c(boxTop + 22)}
      />
      <text class="latency-p95-label" x={c(xScale(p95))} y={c(boxTop - 4)} text-anchor="middle">
        p95
      </text>
    </>
  );
}
