import { describe, expect, it } from 'vitest';
import type { CheckResult, EvalRow, VariantName } from '../core/eval-types.js';
import { makeCase } from './__fixtures__/make-cases.js';
import {
  checkLossGate,
  compareRegression,
  lossPoints,
  pickRegressionCases,
  renderRegressionReport,
} from './regression.js';

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
    expect(text).toContain('tuned lost 1 (33.3 points), gained 1');
    expect(text).toContain('content/facts: pass → fail — missing fact "42"');
  });

  it('says so when the run has no tuned rows', () => {
    const report = compareRegression({ baseRows: [row('c1', 'prompt', true)], tunedRows: [] });
    expect(report.missingTunedRows).toBe(1);
    expect(renderRegressionReport(report)).toContain('No base/tuned pairs to compare');
  });
});

describe('--fail-on-loss', () => {
  const cases = [
    makeCase({ id: 'c1', question: 'q1', tags: ['general'] }),
    makeCase({ id: 'c2', question: 'q2', tags: ['general'] }),
    makeCase({ id: 'c3', question: 'q3', tags: ['general'] }),
    makeCase({ id: 'c4', question: 'q4', tags: ['general'] }),
  ];
  const baseRows = cases.map((testCase) => row(testCase.id, 'prompt', true));
  const tunedRows = [
    row('c1', 'tuned', false, [check('fail', 'missing fact "42"')]),
    row('c2', 'tuned', true),
    row('c3', 'tuned', true),
    row('c4', 'tuned', true),
  ];
  const report = compareRegression({ baseRows, tunedRows, cases });

  it('measures the loss in percentage points of the pairs compared', () => {
    expect(lossPoints(report)).toBe(25);
  });

  it('fails on any loss with no points given, and only above the points given otherwise', () => {
    expect(checkLossGate(report, 0)).toContain('lost 1 of 4 pair(s) (25 points), more than the 0 allowed');
    expect(checkLossGate(report, 30)).toBeUndefined();
    expect(checkLossGate(report, 25)).toBeUndefined();
    expect(checkLossGate(report, 24.9)).toContain('25 points');
    const clean = compareRegression({
      baseRows,
      tunedRows: baseRows.map((r) => ({ ...r, variant: 'tuned' })),
      cases,
    });
    expect(checkLossGate(clean, 0)).toBeUndefined();
  });

  it('lists the lost cases before the summary and the tags', () => {
    const text = renderRegressionReport(report);
    const lost = text.indexOf('Lost (passed on base, fails on tuned)');
    expect(lost).toBe(0);
    expect(text.indexOf('c1 [prompt → tuned]')).toBeLessThan(text.indexOf('Regression check'));
    expect(text.indexOf('Regression check')).toBeLessThan(text.indexOf('By tag'));
  });
});
