import type { EvalRow, VariantName } from '../core/eval-types.js';
import { type AttributionSummary, gapLabels } from '../decide/index.js';
import { formatCoordinate as c } from './chart-scales.js';
import {
  classifyRowOutcome,
  type RowOutcome,
  rowOutcomeLabels,
  rowOutcomes,
} from './classify-row-outcome.js';
import { escapeHtml } from './escape-html.js';
import { formatPercent } from './format-values.js';
import { selectVariantRows } from './index-latest-rows.js';
import { labelColors, outcomeColors } from './report-palette.js';

export interface AttributionChartInput {
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>;
  variants: readonly VariantName[];
  attributionSummary: AttributionSummary;
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
  dataAttribute: string;
}

/**
 * Chart 1: per variant, its rows' outcomes as a 100% stacked bar; below, the cases' attribution
 * labels as one stacked bar. Counts sit inside segments wide enough to hold them; every segment has
 * a tooltip with its count and share.
 */
export function renderAttributionChart(input: AttributionChartInput): string {
  const parts: string[] = [];
  let y = 8;
  parts.push(renderGrid(y, input.variants.length * rowHeight));
  for (const variant of input.variants) {
    const rows = selectVariantRows(input.latest, variant);
    const counts = countOutcomes(rows);
    const segments = rowOutcomes.map((outcome) => ({
      key: outcome,
      count: counts[outcome],
      color: outcomeColors[outcome],
      title: `${variant}: ${counts[outcome]} of ${rows.length} rows ${rowOutcomeLabels[outcome]} (${formatPercent(
        rows.length === 0 ? 0 : counts[outcome] / rows.length,
      )})`,
      dataAttribute: `data-outcome="${outcome}"`,
    }));
    parts.push(
      renderBar({
        y,
        label: variant,
        total: rows.length,
        totalText: `${counts.pass}/${rows.length} pass`,
        segments,
        groupAttribute: `data-variant-bar="${escapeHtml(variant)}"`,
      }),
    );
    y += rowHeight;
  }

  y += sectionGap - rowHeight + barHeight;
  parts.push(
    `<text class="chart-caption" x="${barLeft}" y="${c(y - 8)}">Cases by attribution label (primary label per case)</text>`,
  );
  const summary = input.attributionSummary;
  const labelSegments = gapLabels.map((label) => ({
    key: label,
    count: summary.counts[label],
    color: labelColors[label],
    title: `${label}: ${summary.counts[label]} of ${summary.cases} cases (${formatPercent(summary.shares[label])})`,
    dataAttribute: `data-label-segment="${label}"`,
  }));
  parts.push(
    renderBar({
      y,
      label: 'all cases',
      total: summary.cases,
      totalText: `${summary.cases} cases`,
      segments: labelSegments,
      groupAttribute: 'data-label-bar=""',
    }),
  );
  const height = y + rowHeight;
  return [
    `<svg class="chart" id="chart-attribution" viewBox="0 0 ${width} ${c(height)}" role="img" aria-labelledby="chart-attribution-title" preserveAspectRatio="xMinYMin meet">`,
    `<title id="chart-attribution-title">Row outcomes per variant and cases per attribution label</title>`,
    ...parts,
    '</svg>',
  ].join('');
}

function countOutcomes(rows: readonly EvalRow[]): Record<RowOutcome, number> {
  const counts = Object.fromEntries(rowOutcomes.map((outcome) => [outcome, 0])) as Record<RowOutcome, number>;
  for (const row of rows) counts[classifyRowOutcome(row)]++;
  return counts;
}

function renderGrid(top: number, height: number): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map((share) => {
      const x = c(barLeft + share * barWidth);
      return `<line class="grid" x1="${x}" x2="${x}" y1="${c(top - 4)}" y2="${c(top + height - rowHeight + barHeight + 4)}"/>`;
    })
    .join('');
}

interface BarInput {
  y: number;
  label: string;
  total: number;
  totalText: string;
  segments: Segment[];
  groupAttribute: string;
}

function renderBar(input: BarInput): string {
  const middle = input.y + barHeight / 2;
  const parts = [
    `<g ${input.groupAttribute}>`,
    `<text class="axis-label" x="${labelWidth - 10}" y="${c(middle)}" text-anchor="end" dominant-baseline="central">${escapeHtml(input.label)}</text>`,
  ];
  if (input.total === 0) {
    parts.push(
      `<rect class="empty-bar" x="${barLeft}" y="${c(input.y)}" width="${barWidth}" height="${barHeight}"/>`,
    );
  }
  let x = barLeft;
  for (const segment of input.segments) {
    if (segment.count === 0 || input.total === 0) continue;
    const segmentWidth = (segment.count / input.total) * barWidth;
    parts.push(
      `<rect ${segment.dataAttribute} data-count="${segment.count}" x="${c(x)}" y="${c(input.y)}" width="${c(segmentWidth)}" height="${barHeight}" fill="${segment.color}"><title>${escapeHtml(segment.title)}</title></rect>`,
    );
    if (segmentWidth >= 20) {
      parts.push(
        `<text class="bar-count" x="${c(x + segmentWidth / 2)}" y="${c(middle)}" text-anchor="middle" dominant-baseline="central">${segment.count}</text>`,
      );
    }
    x += segmentWidth;
  }
  parts.push(
    `<text class="axis-label" x="${width - totalWidth + 8}" y="${c(middle)}" dominant-baseline="central">${escapeHtml(input.totalText)}</text>`,
    '</g>',
  );
  return parts.join('');
}
