import { describe, expect, it } from 'vitest';
import type { CheckResult, EvalRow, VariantName } from '../core/eval-types.js';
import { makeCase } from './__fixtures__/make-cases.js';
import { compareRegression, pickRegressionCases, renderRegressionReport } from './regression.js';

function row(caseId: string, variant: VariantName, passed: boolean, checks: CheckResult[] = []): EvalRow {
  return {
    runId: 'run-1',
    caseId,
    variant,
    model: 'm',
    question: `question ${caseId}`,
    answer: `${variant} answer`,
    checks,
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
    startedAt: '2026-11-22T00:00:00Z',
  };
}
const check = (verdict: CheckResult['verdict'], reason = 'r'): CheckResult => ({
  name: 'facts',
  kind: 'content',
  verdict,
  reason,
});

describe('pickRegressionCases', () => {
  it('picks eval cases tagged general or without sources, or outside the given domain tags', () => {
    const cases = [
      makeCase({ id: 'general', question: 'q', tags: ['general'], sources: ['x.md'] }),
      makeCase({ id: 'no-sources', question: 'q', tags: ['math'] }),
      makeCase({ id: 'domain', question: 'q', tags: ['billing'], sources: ['billing.md'] }),
      makeCase({ id: 'train', question: 'q', tags: ['general'], split: 'train' }),
    ];
    expect(pickRegressionCases(cases).map((c) => c.id)).toEqual(['general', 'no-sources']);
    expect(pickRegressionCases(cases, ['billing']).map((c) => c.id)).toEqual(['general', 'no-sources']);
    expect(pickRegressionCases(cases, ['math']).map((c) => c.id)).toEqual(['general', 'domain']);
  });
});

describe('compareRegression', () => {
  it('lists what the tuned model lost, by tag, with the checks that flipped', () => {
    const cases = [
      makeCase({ id: 'c1', question: 'q1', tags: ['general', 'arithmetic'] }),
      makeCase({ id: 'c2', question: 'q2', tags: ['general'] }),
    ];
    const baseRows = [
      row('c1', 'prompt', true, [check('pass')]),
      row('c2', 'prompt', false),
      row('c1', 'rag', true),
      row('c3', 'prompt', true),
    ];
    const tunedRows = [
      row('c1', 'tuned', false, [check('fail', 'missing fact "42"')]),
      row('c2', 'tuned', true),
      row('c1', 'hybrid', true),
    ];
    const report = compareRegression({ baseRows, tunedRows, cases });
    expect(report).toMatchObject({ compared: 3, basePassed: 2, gained: 1, missingTunedRows: 0 });
    expect(report.lost).toHaveLength(1);
    expect(report.lost[0]).toMatchObject({
      caseId: 'c1',
      pair: { base: 'prompt', tuned: 'tuned' },
      flippedChecks: [
        { name: 'facts', baseVerdict: 'pass', tunedVerdict: 'fail', reason: 'missing fact "42"' },
      ],
    });
    expect(report.byTag).toEqual({ general: { compared: 3, lost: 1 }, arithmetic: { compared: 2, lost: 1 } });
    const text = renderRegressionReport(report);
    expect(text).toContain('tuned lost 1, gained 1');
    expect(text).toContain('content/facts: pass → fail — missing fact "42"');
  });

  it('says so when the run has no tuned rows', () => {
    const report = compareRegression({ baseRows: [row('c1', 'prompt', true)], tunedRows: [] });
    expect(report.missingTunedRows).toBe(1);
    expect(renderRegressionReport(report)).toContain('No base/tuned pairs to compare');
  });
});
