import { describe, expect, it } from 'vitest';
import { buildSampleReport } from '../__fixtures__/sample-report.js';
import { indexLatestRows } from '../index-latest-rows.js';
import { renderToHtml } from '../render-to-html.js';
import { AttributionChart } from './attribution-chart.js';

describe('AttributionChart', () => {
  const data = buildSampleReport();
  const latest = indexLatestRows(data.rows);
  const variants = data.diagnosis.variants.map((summary) => summary.variant);
  const svg = renderToHtml(
    AttributionChart({ latest, variants, attributionSummary: data.diagnosis.attributionSummary }),
  );

  it('splits each variant bar into outcome segments whose counts add up to its rows', () => {
    for (const variant of variants) {
      const group = svg.split(`data-variant-bar="${variant}"`)[1]!.split('</g>')[0]!;
      const counts = [...group.matchAll(/data-count="(\d+)"/g)].map((match) => Number(match[1]));
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(12);
      const widths = [...group.matchAll(/width="([\d.]+)"/g)].map((match) => Number(match[1]));
      // Segments fill the bar (rounding to 0.1 px per segment aside).
      expect(widths.reduce((sum, width) => sum + width, 0)).toBeCloseTo(556, 0);
    }
  });

  it('draws one label segment per label present, with its count', () => {
    const summary = data.diagnosis.attributionSummary;
    for (const [label, count] of Object.entries(summary.counts)) {
      const pattern = new RegExp(`data-label-segment="${label}" data-count="${count}"`);
      if (count > 0) expect(svg).toMatch(pattern);
      else expect(svg).not.toContain(`data-label-segment="${label}"`);
    }
  });

  it('draws only the variant bars before a diagnosis', () => {
    const bare = renderToHtml(AttributionChart({ latest, variants, attributionSummary: null }));
    expect(bare.match(/data-variant-bar=/g)).toHaveLength(variants.length);
    expect(bare).not.toContain('data-label-bar');
    expect(bare).not.toMatch(/NaN|undefined/);
  });
});
