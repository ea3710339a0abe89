import type { EvalRow, VariantName } from '../../core/eval-types.js';
import { type AttributionSummary, gapLabels } from '../../decide/index.js';
import { formatCoordinate as c } from '../chart-scales.js';
import {
  classifyRowOutcome,
  type RowOutcome,
  rowOutcomeLabels,
  rowOutcomes,
} from '../classify-row-outcome.js';
import { formatPercent } from '../format-values.js';
import { selectVariantRows } from '../index-latest-rows.js';
import { labelColors, outcomeColors } from '../report-palette.js';

export interface AttributionChartProps {
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>;
  variants: readonly VariantName[];
  /** Null before `knowhow diagnose`: the chart then shows the variants' outcomes only. */
  attributionSummary: AttributionSummary | null;
}

const width = 760;
const labelWidth = 112;
const totalWidth = 92;
const barLeft = labelWidth;
const barWidth = width - labelWidth - totalWidth;
const rowHeight = 30;
const barHeight = 20;
const sectionGap = 34;

interface Segment {
  key: string;
  count: number;
  color: string;
  title: string;
  /** The data attribute that names the segment (data-outcome or data-label-segment). */
  data: Record<string, string>;
}

/**
 * Chart 1: per variant, its rows' outcomes as a 100% stacked bar; below, the cases' attribution
 * labels as one stacked bar. Counts sit inside segments wide enough to hold them; every segment has
 * a tooltip with its count and share.
 */
export function AttributionChart(props: AttributionChartProps) {
  const top = 8;
  const bars = props.variants.map((variant, index) => {
    const rows = selectVariantRows(props.latest, variant);
    const counts = countOutcomes(rows);
    const segments = rowOutcomes.map(
      (outcome): Segment => ({
        key: outcome,
        count: counts[outcome],
        color: outcomeColors[outcome],
        title: `${variant}: ${counts[outcome]} of ${rows.length} rows ${rowOutcomeLabels[outcome]} (${formatPercent(
          rows.length === 0 ? 0 : counts[outcome] / rows.length,
        )})`,
        data: { 'data-outcome': outcome },
      }),
    );
    return (
      <Bar
        y={top + index * rowHeight}
        label={variant}
        total={rows.length}
        totalText={`${counts.pass}/${rows.length} pass`}
        segments={segments}
        group={{ 'data-variant-bar': variant }}
      />
    );
  });
  const summary = props.attributionSummary;
  const labelY = top + props.variants.length * rowHeight + sectionGap - rowHeight + barHeight;
  const height = summary ? labelY + rowHeight : top + Math.max(1, props.variants.length) * rowHeight;
  return (
    <svg
      class="chart"
      id="chart-attribution"
      viewBox={`0 0 ${width} ${c(height)}`}
      role="img"
      aria-labelledby="chart-attribution-title"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="chart-attribution-title">Row outcomes per variant and cases per attribution label</title>
      <Grid top={top} height={props.variants.length * rowHeight} />
      {bars}
      {summary ? (
        <>
          <text class="chart-caption" x={String(barLeft)} y={c(labelY - 8)}>
            Cases by attribution label (primary label per case)
          </text>
          <Bar
            y={labelY}
            label="all cases"
            total={summary.cases}
            totalText={`${summary.cases} cases`}
            segments={gapLabels.map((label) => ({
              key: label,
              count: summary.counts[label],
              color: labelColors[label],
              title: `${label}: ${summary.counts[label]} of ${summary.cases} cases (${formatPercent(summary.shares[label])})`,
              data: { 'data-label-segment': label },
            }))}
            group={{ 'data-label-bar': '' }}
          />
        </>
      ) : null}
    </svg>
  );
}

function countOutcomes(rows: readonly EvalRow[]): Record<RowOutcome, number> {
  const counts = Object.fromEntries(rowOutcomes.map((outcome) => [outcome, 0])) as Record<RowOutcome, number>;
  for (const row of rows) counts[classifyRowOutcome(row)]++;
  return counts;
}

function Grid(props: { top: number; height: number }) {
  return (
    <>
      {[0, 0.25, 0.5, 0.75, 1].map((share) => {
        const x = c(barLeft + share * barWidth);
        return (
          <line
            class="grid"
            x1={x}
            x2={x}
            y1={c(props.top - 4)}
            y2={c(props.top + props.height - rowHeight + barHeight + 4)}
          />
        );
      })}
    </>
  );
}

interface BarProps {
  y: number;
  label: string;
  total: number;
  totalText: string;
  segments: Segment[];
  group: Record<string, string>;
}

function Bar(props: BarProps) {
  const middle = c(props.y + barHeight / 2);
  let x = barLeft;
  const drawn = props.segments.flatMap((segment) => {
    if (segment.count === 0 || props.total === 0) return [];
    const segmentWidth = (segment.count / props.total) * barWidth;
    const left = x;
    x += segmentWidth;
    return [
      <rect
        {...segment.data}
        data-count={String(segment.count)}
        x={c(left)}
        y={c(props.y)}
        width={c(segmentWidth)}
        height={String(barHeight)}
        fill={segment.color}
      >
        <title>{segment.title}</title>
      </rect>,
      segmentWidth >= 20 ? (
        <text
          class="bar-count"
          x={c(left + segmentWidth / 2)}
          y={middle}
          text-anchor="middle"
          dominant-baseline="central"
        >
          {String(segment.count)}
        </text>
      ) : null,
    ];
  });
  return (
    <g {...props.group}>
      <text
        class="axis-label"
        x={String(labelWidth - 10)}
        y={middle}
        text-anchor="end"
        dominant-baseline="central"
      >
        {props.label}
      </text>
      {props.total === 0 ? (
        <rect
          class="empty-bar"
          x={String(barLeft)}
          y={c(props.y)}
          width={String(barWidth)}
          height={String(barHeight)}
        />
      ) : null}
      {drawn}
      <text class="axis-label" x={String(width - totalWidth + 8)} y={middle} dominant-baseline="central">
        {props.totalText}
      </text>
    </g>
  );
}
