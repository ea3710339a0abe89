import {
  type Architecture,
  architectureLabels,
  architectures,
  type CostProjection,
} from '../../decide/index.js';
import { formatCoordinate as c, createDecadeTicks, createLogScale, type Scale } from '../chart-scales.js';
import { formatAxisMoney, formatCompact, formatMoney } from '../format-values.js';
import { architectureColors, architectureDashes } from '../report-palette.js';

const width = 760;
const height = 380;
const margin = { top: 24, right: 24, bottom: 48, left: 76 };
const plotLeft = margin.left;
const plotRight = width - margin.right;
const plotTop = margin.top;
const plotBottom = height - margin.bottom;

export interface CostChartPoint {
  queriesPerDay: number;
  monthly: number;
  x: number;
  y: number;
}

export interface CostChartGeometry {
  xDomain: [number, number];
  yDomain: [number, number];
  xScale: Scale;
  yScale: Scale;
  xTicks: number[];
  yTicks: number[];
  lines: { architecture: Architecture; points: CostChartPoint[] }[];
  /** Break-evens inside the x domain, positioned on the chart; `number` is the 1-based place in costs.breakEvens. */
  breakEvens: (CostProjection['breakEvens'][number] & { number: number; x: number; y: number })[];
  /** The configured volume, when it falls inside the x domain. */
  volume: { queriesPerDay: number; x: number } | null;
  /** Every plotted cost is zero: the y axis is a placeholder. */
  allZero: boolean;
}

/**
 * Positions for chart 2. Both axes are log-scaled: volume spans five decades and an architecture
 * with a fixed training cost sits orders of magnitude above one that only pays per token at low
 * volume. Zero costs (local models) cannot sit on a log axis; they are drawn on its floor.
 */
export function computeCostChartGeometry(costs: CostProjection): CostChartGeometry {
  const curve = costs.curve;
  const volumes = curve.map((point) => point.queriesPerDay).filter((value) => value > 0);
  const xDomain: [number, number] =
    volumes.length > 0 ? [Math.min(...volumes), Math.max(...volumes)] : [10, 1e6];
  if (xDomain[1] <= xDomain[0]) xDomain[1] = xDomain[0] * 10;
  const plotted = architectures.filter((architecture) =>
    curve.some((point) => point.monthlyUsd[architecture] !== undefined),
  );
  const values: number[] = [];
  for (const point of curve)
    for (const architecture of plotted) {
      const value = point.monthlyUsd[architecture];
      if (value !== undefined) values.push(value);
    }
  for (const breakEven of costs.breakEvens) values.push(breakEven.monthlyUsd);
  const positive = values.filter((value) => value > 0);
  const allZero = positive.length === 0;
  const yTicks = allZero ? [0.01, 1] : createDecadeTicks(Math.min(...positive), Math.max(...positive));
  const yDomain: [number, number] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const xScale = createLogScale(xDomain, [plotLeft, plotRight]);
  const yScale = createLogScale(yDomain, [plotBottom, plotTop]);
  const clampY = (value: number) => yScale(Math.max(value, yDomain[0]));
  const lines = plotted.map((architecture) => ({
    architecture,
    points: curve.flatMap((point) => {
      const monthly = point.monthlyUsd[architecture];
      if (monthly === undefined || !(point.queriesPerDay > 0)) return [];
      return [
        { queriesPerDay: point.queriesPerDay, monthly, x: xScale(point.queriesPerDay), y: clampY(monthly) },
      ];
    }),
  }));
  const breakEvens = costs.breakEvens
    .map((breakEven, index) => ({
      ...breakEven,
      number: index + 1,
      x: xScale(breakEven.queriesPerDay),
      y: clampY(breakEven.monthlyUsd),
    }))
    .filter(
      (breakEven) =>
        breakEven.queriesPerDay >= xDomain[0] &&
        breakEven.queriesPerDay <= xDomain[1] &&
        breakEven.between.every((architecture) => plotted.includes(architecture)),
    );
  const inDomain = costs.queriesPerDay >= xDomain[0] && costs.queriesPerDay <= xDomain[1];
  return {
    xDomain,
    yDomain,
    xScale,
    yScale,
    xTicks: createDecadeTicks(xDomain[0], xDomain[1]).filter(
      (tick) => tick >= xDomain[0] && tick <= xDomain[1],
    ),
    yTicks,
    lines,
    breakEvens,
    volume: inDomain ? { queriesPerDay: costs.queriesPerDay, x: xScale(costs.queriesPerDay) } : null,
    allZero,
  };
}

/** Chart 2: monthly cost of each architecture against queries/day, break-evens and the configured volume marked. */
export function CostChart(props: { costs: CostProjection; geometry?: CostChartGeometry }) {
  const costs = props.costs;
  const geometry = props.geometry ?? computeCostChartGeometry(costs);
  return (
    <svg
      class="chart"
      id="chart-cost"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="chart-cost-title"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="chart-cost-title">Monthly cost per architecture against queries per day</title>
      {geometry.yTicks.map((tick) => {
        const y = c(geometry.yScale(tick));
        return (
          <>
            <line class="grid" x1={String(plotLeft)} x2={String(plotRight)} y1={y} y2={y} />
            <text class="tick" x={String(plotLeft - 8)} y={y} text-anchor="end" dominant-baseline="central">
              {
                // With nothing to plot, the axis floor stands for zero.
                formatAxisMoney(geometry.allZero && tick === geometry.yDomain[0] ? 0 : tick, costs.currency)
              }
            </text>
          </>
        );
      })}
      {geometry.xTicks.map((tick) => {
        const x = c(geometry.xScale(tick));
        return (
          <>
            <line class="grid" x1={x} x2={x} y1={String(plotTop)} y2={String(plotBottom)} />
            <text class="tick" x={x} y={String(plotBottom + 18)} text-anchor="middle">
              {formatCompact(tick)}
            </text>
          </>
        );
      })}
      <line
        class="axis"
        x1={String(plotLeft)}
        x2={String(plotRight)}
        y1={String(plotBottom)}
        y2={String(plotBottom)}
      />
      <line
        class="axis"
        x1={String(plotLeft)}
        x2={String(plotLeft)}
        y1={String(plotTop)}
        y2={String(plotBottom)}
      />
      <text class="axis-title" x={c((plotLeft + plotRight) / 2)} y={String(height - 8)} text-anchor="middle">
        queries per day (log scale)
      </text>
      <text
        class="axis-title"
        transform={`translate(14 ${c((plotTop + plotBottom) / 2)}) rotate(-90)`}
        text-anchor="middle"
      >
        {`monthly cost, ${costs.currency} (log scale)`}
      </text>
      {geometry.volume ? <VolumeMarker costs={costs} x={geometry.volume.x} /> : null}
      {geometry.lines.length === 0 ? (
        <text
          class="chart-note"
          x={c((plotLeft + plotRight) / 2)}
          y={c((plotTop + plotBottom) / 2)}
          text-anchor="middle"
        >
          No cost data: no variant measured tokens to price.
        </text>
      ) : null}
      {geometry.lines.map((line) => (
        <CostLine line={line} currency={costs.currency} />
      ))}
      <BreakEvenMarks geometry={geometry} currency={costs.currency} />
    </svg>
  );
}

function VolumeMarker(props: { costs: CostProjection; x: number }) {
  const anchor = props.x > (plotLeft + plotRight) / 2 ? 'end' : 'start';
  const offset = anchor === 'end' ? -6 : 6;
  return (
    <g data-volume-marker={String(props.costs.queriesPerDay)}>
      <line
        class="volume-line"
        x1={c(props.x)}
        x2={c(props.x)}
        y1={String(plotTop)}
        y2={String(plotBottom)}
      />
      <text class="volume-label" x={c(props.x + offset)} y={String(plotTop + 12)} text-anchor={anchor}>
        {`your volume: ${formatCompact(props.costs.queriesPerDay)}/day`}
      </text>
    </g>
  );
}

function CostLine(props: { line: CostChartGeometry['lines'][number]; currency: string }) {
  const { line } = props;
  const color = architectureColors[line.architecture];
  const dash = architectureDashes[line.architecture];
  const path = line.points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${c(point.x)} ${c(point.y)}`)
    .join(' ');
  return (
    <g data-cost-line={line.architecture}>
      <path d={path} fill="none" stroke={color} stroke-width="2.5" stroke-dasharray={dash || undefined} />
      {line.points.map((point) => (
        <circle data-curve-point="" cx={c(point.x)} cy={c(point.y)} r="2.6" fill={color}>
          <title>{`${architectureLabels[line.architecture]}: ${formatMoney(point.monthly, props.currency)}/month at ${formatCompact(point.queriesPerDay)} queries/day`}</title>
        </circle>
      ))}
    </g>
  );
}

/**
 * Break-evens are numbered (the list under the chart says what each is): full sentences on the
 * chart collide whenever two crossings are close. Close numbers are stacked upwards on leader lines.
 */
function BreakEvenMarks(props: { geometry: CostChartGeometry; currency: string }) {
  let previousX = Number.NEGATIVE_INFINITY;
  let level = 0;
  return (
    <>
      {[...props.geometry.breakEvens]
        .sort((a, b) => a.x - b.x)
        .map((breakEven) => {
          level = breakEven.x - previousX < 22 ? level + 1 : 0;
          previousX = breakEven.x;
          const [a, b] = breakEven.between;
          const labelY = Math.max(plotTop + 9, breakEven.y - 20 - level * 20);
          const text = `${breakEven.number}: ${architectureLabels[a]} = ${architectureLabels[b]} at ${formatCompact(breakEven.queriesPerDay)} queries/day, ${formatMoney(
            breakEven.monthlyUsd,
            props.currency,
          )}/month; ${architectureLabels[breakEven.cheaperBelow]} is cheaper below, ${architectureLabels[breakEven.cheaperAbove]} above`;
          return (
            <g data-break-even={`${a}/${b}`}>
              <title>{text}</title>
              <line
                class="break-even-leader"
                x1={c(breakEven.x)}
                x2={c(breakEven.x)}
                y1={c(breakEven.y)}
                y2={c(labelY)}
              />
              <circle class="break-even" cx={c(breakEven.x)} cy={c(breakEven.y)} r="4.5" />
              <circle class="break-even-badge" cx={c(breakEven.x)} cy={c(labelY)} r="8.5" />
              <text
                class="break-even-number"
                x={c(breakEven.x)}
                y={c(labelY)}
                text-anchor="middle"
                dominant-baseline="central"
              >
                {String(breakEven.number)}
              </text>
            </g>
          );
        })}
    </>
  );
}

/** The legend's line sample: the architecture's colour and dash pattern, as on the chart. */
export function LineSwatch(props: { architecture: Architecture }) {
  const dash = architectureDashes[props.architecture];
  return (
    <svg class="line-swatch" viewBox="0 0 28 10" aria-hidden="true">
      <line
        x1="1"
        x2="27"
        y1="5"
        y2="5"
        stroke={architectureColors[props.architecture]}
        stroke-width="3"
        stroke-dasharray={dash || undefined}
      />
    </svg>
  );
}
