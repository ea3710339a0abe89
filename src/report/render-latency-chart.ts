import type { EvalRow, VariantName } from '../core/eval-types.js';
import { percentile } from '../decide/index.js';
import { formatCoordinate as c, createLinearScale, createLinearTicks } from './chart-scales.js';
import { escapeHtml } from './escape-html.js';
import { formatMilliseconds } from './format-values.js';
import { selectVariantRows } from './index-latest-rows.js';

export interface LatencyChartInput {
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>;
  variants: readonly VariantName[];
}

export interface LatencyChart {
  svg: string;
  /** Rows left off the chart: a cached answer took no model time, an errored call has no answer. */
  cached: number;
  errored: number;
}

const width = 760;
const labelWidth = 112;
const right = 28;
const rowHeight = 46;
const top = 12;
const axisHeight = 44;

/**
 * Chart 3: every live row's latency as a dot, per variant, over a box from p25 to p75 with the
 * median and p95 marked. Cached and errored rows are left off (their count is printed below).
 */
export function renderLatencyChart(input: LatencyChartInput): LatencyChart {
  let cached = 0;
  let errored = 0;
  const series = input.variants.map((variant) => {
    const rows = selectVariantRows(input.latest, variant);
    const live = rows.filter((row) => {
      if (row.error) errored++;
      else if (row.cached) cached++;
      return !row.error && !row.cached;
    });
    return { variant, rows: live };
  });
  const max = Math.max(0, ...series.flatMap((entry) => entry.rows.map((row) => row.latencyMs)));
  const ticks = createLinearTicks(max);
  const xScale = createLinearScale([0, ticks[ticks.length - 1]!], [labelWidth, width - right]);
  const plotBottom = top + series.length * rowHeight;
  const height = plotBottom + axisHeight;
  const parts: string[] = [];
  for (const tick of ticks) {
    const x = c(xScale(tick));
    parts.push(
      `<line class="grid" x1="${x}" x2="${x}" y1="${top}" y2="${plotBottom}"/>`,
      `<text class="tick" x="${x}" y="${plotBottom + 18}" text-anchor="middle">${escapeHtml(formatMilliseconds(tick))}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${labelWidth}" x2="${width - right}" y1="${plotBottom}" y2="${plotBottom}"/>`,
    `<text class="axis-title" x="${c((labelWidth + width - right) / 2)}" y="${height - 6}" text-anchor="middle">latency per answer (live calls)</text>`,
  );
  series.forEach((entry, rowIndex) => {
    const middle = top + rowIndex * rowHeight + rowHeight / 2;
    const latencies = entry.rows.map((row) => row.latencyMs);
    parts.push(
      `<g data-latency-variant="${escapeHtml(entry.variant)}">`,
      `<text class="axis-label" x="${labelWidth - 10}" y="${c(middle)}" text-anchor="end" dominant-baseline="central">${escapeHtml(entry.variant)}</text>`,
    );
    if (latencies.length === 0) {
      parts.push(
        `<text class="chart-note" x="${labelWidth + 8}" y="${c(middle)}" dominant-baseline="central">no live calls</text>`,
      );
    } else {
      const p25 = percentile(latencies, 25);
      const p50 = percentile(latencies, 50);
      const p75 = percentile(latencies, 75);
      const p95 = percentile(latencies, 95);
      const boxTop = middle - 12;
      parts.push(
        `<rect class="latency-box" data-latency-box="" x="${c(xScale(p25))}" y="${c(boxTop)}" width="${c(Math.max(1, xScale(p75) - xScale(p25)))}" height="24"><title>${escapeHtml(
          `${entry.variant}: p25 ${formatMilliseconds(p25)}, median ${formatMilliseconds(p50)}, p75 ${formatMilliseconds(p75)}, p95 ${formatMilliseconds(p95)} (${latencies.length} live rows)`,
        )}</title></rect>`,
        `<line class="latency-median" x1="${c(xScale(p50))}" x2="${c(xScale(p50))}" y1="${c(boxTop - 3)}" y2="${c(boxTop + 27)}"/>`,
        `<line class="latency-p95" x1="${c(xScale(p95))}" x2="${c(xScale(p95))}" y1="${c(boxTop + 2)}" y2="${c(boxTop + 22)}"/>`,
        `<text class="latency-p95-label" x="${c(xScale(p95))}" y="${c(boxTop - 4)}" text-anchor="middle">p95</text>`,
      );
      entry.rows.forEach((row, index) => {
        // Spread dots vertically in a fixed pattern (not random) so the same run renders the same file.
        const jitter = ((index * 7) % 9) - 4;
        parts.push(
          `<circle class="latency-point" data-latency-point="" cx="${c(xScale(row.latencyMs))}" cy="${c(middle + jitter * 2.4)}" r="3"><title>${escapeHtml(
            `${row.caseId} (${entry.variant}): ${formatMilliseconds(row.latencyMs)}`,
          )}</title></circle>`,
        );
      });
    }
    parts.push('</g>');
  });
  const svg = [
    `<svg class="chart" id="chart-latency" viewBox="0 0 ${width} ${c(height)}" role="img" aria-labelledby="chart-latency-title" preserveAspectRatio="xMinYMin meet">`,
    `<title id="chart-latency-title">Latency distribution per variant</title>`,
    ...parts,
    '</svg>',
  ].join('');
  return { svg, cached, errored };
}
