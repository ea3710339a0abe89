import { describe, expect, it } from 'vitest';
import type { RunComparison } from '../decide/index.js';
import { renderRunComparison } from './render-run-comparison.js';

const comparison: RunComparison = {
  variants: [
    {
      variant: 'rag',
      before: { cases: 71, passed: 18, passRate: 18 / 71 },
      after: { cases: 71, passed: 17, passRate: 17 / 71 },
      fixed: 0,
      broke: 1,
      unchanged: 70,
      added: 0,
      removed: 0,
    },
  ],
  onlyBefore: [
    { variant: 'tuned', cases: 71 },
    { variant: 'hybrid', cases: 71 },
  ],
  onlyAfter: [],
  changes: [{ caseId: 'refund-window', variant: 'rag', change: 'broke', flipped: ['facts pass→fail'] }],
  casesOnlyBefore: [],
  casesOnlyAfter: [],
};

describe('renderRunComparison', () => {
  it('puts the counts first, one line for the variants only one run has, then the regression', () => {
    const text = renderRunComparison(comparison, { before: 'run-a', after: 'run-b' });
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^variant\s+pass before → after\s+fixed\s+broke\s+unchanged$/);
    expect(lines[3]).toMatch(/^rag\s+25% \(18\/71\) → 24% \(17\/71\)\s+0\s+1\s+70$/);
    expect(text).toContain('only in run-a: tuned (71 cases), hybrid (71 cases) — not compared');
    expect(text).toContain('Broke (passed before, fail now): 1\n  ✗ refund-window [rag] facts pass→fail');
    expect(text).not.toContain('missing');
    expect(lines.length).toBeLessThan(12);
  });

  it('says when nothing changed', () => {
    const text = renderRunComparison(
      { ...comparison, onlyBefore: [], changes: [] },
      { before: 'a', after: 'b' },
    );
    expect(text).toContain('No case changed outcome.');
  });
});
