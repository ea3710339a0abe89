import { describe, expect, it } from 'vitest';
import type { EvalRow, VariantName } from '../core/eval-types.js';
import { compareRuns } from './compare-runs.js';

function row(
  caseId: string,
  variant: VariantName,
  passed: boolean,
  factsVerdict = passed ? 'pass' : 'fail',
): EvalRow {
  return {
    runId: 'r',
    caseId,
    variant,
    model: 'm',
    question: `q ${caseId}`,
    answer: 'a',
    checks: [{ name: 'facts', kind: 'content', verdict: factsVerdict as 'pass' | 'fail', reason: '' }],
    verdicts: {
      content: passed ? 'pass' : 'fail',
      format: 'skipped',
      grounding: 'skipped',
      retrieval: 'skipped',
    },
    passed,
    retrievedIds: [],
    contextIds: [],
    citations: [],
    usage: { promptTokens: 1, completionTokens: 1 },
    latencyMs: 1,
    costUsd: 0,
    cached: false,
    extractive: false,
    startedAt: '',
  };
}

const ids = Array.from({ length: 71 }, (_, index) => `case-${String(index + 1).padStart(2, '0')}`);

describe('compareRuns', () => {
  // Before: tuned and hybrid ran; after: they did not (the tuned model was unregistered), and one
  // rag case regressed while one prompt case was fixed.
  const before = ids.flatMap((id) => [
    row(id, 'prompt', id === 'case-01' ? false : id < 'case-40'),
    row(id, 'rag', true),
    row(id, 'tuned', true),
    row(id, 'hybrid', true),
  ]);
  const after = [
    ...ids.flatMap((id) => [row(id, 'prompt', id < 'case-40'), row(id, 'rag', id !== 'case-07')]),
    row('case-72', 'prompt', true),
  ];
  const comparison = compareRuns(before, after);

  it('counts fixed, broke and unchanged per variant present in both runs', () => {
    expect(comparison.variants).toEqual([
      expect.objectContaining({ variant: 'prompt', fixed: 1, broke: 0, unchanged: 70, added: 1, removed: 0 }),
      expect.objectContaining({ variant: 'rag', fixed: 0, broke: 1, unchanged: 70, added: 0, removed: 0 }),
    ]);
    expect(comparison.variants[1]).toMatchObject({
      before: { cases: 71, passed: 71 },
      after: { cases: 71, passed: 70 },
    });
  });

  it('summarises the variants present in one run once, instead of a line per case', () => {
    expect(comparison.onlyBefore).toEqual([
      { variant: 'tuned', cases: 71 },
      { variant: 'hybrid', cases: 71 },
    ]);
    expect(comparison.onlyAfter).toEqual([]);
  });

  it('lists only the cases whose outcome changed, regressions first', () => {
    expect(comparison.changes).toEqual([
      { caseId: 'case-07', variant: 'rag', change: 'broke', flipped: ['facts pass→fail'] },
      { caseId: 'case-01', variant: 'prompt', change: 'fixed', flipped: ['facts fail→pass'] },
    ]);
    expect(comparison.casesOnlyAfter).toEqual(['case-72']);
    expect(comparison.casesOnlyBefore).toEqual([]);
  });
});
