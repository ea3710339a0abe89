import { describe, expect, it } from 'vitest';
import { buildSampleReport } from '../__fixtures__/sample-report.js';
import { indexLatestRows } from '../index-latest-rows.js';
import { renderToHtml } from '../render-to-html.js';
import { countUnplottedRows, LatencyChart, type LatencyChartProps } from './latency-chart.js';

function renderLatencyChart(input: LatencyChartProps) {
  return { svg: renderToHtml(LatencyChart(input)), ...countUnplottedRows(input) };
}

describe('LatencyChart', () => {
  it('plots every live row and leaves cached and errored rows off, counted', () => {
    const data = buildSampleReport();
    const variants = data.diagnosis.variants.map((summary) => summary.variant);
    const chart = renderLatencyChart({ latest: indexLatestRows(data.rows), variants });
    const live = data.rows.filter((row) => !row.error && !row.cached).length;
    expect(chart.svg.match(/data-latency-point=/g)).toHaveLength(live);
    expect(chart.svg.match(/data-latency-box=/g)).toHaveLength(variants.length);
    expect(chart.cached).toBe(data.rows.filter((row) => row.cached).length);
    expect(chart.errored).toBe(data.rows.filter((row) => row.error).length);
    expect(chart.cached).toBeGreaterThan(0);
    expect(chart.svg).not.toContain('NaN');
  });

  it('says so when a variant has no live call', () => {
    const data = buildSampleReport();
    const rows = data.rows.map((row) => (row.variant === 'tuned' ? { ...row, cached: true } : row));
    const chart = renderLatencyChart({ latest: indexLatestRows(rows), variants: ['prompt', 'tuned'] });
    expect(chart.svg).toContain('no live calls');
  });
});
