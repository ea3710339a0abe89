import { describe, expect, it } from 'vitest';
import { constraintsSchema, pricesSchema } from '../core/config/schema.js';
import type { EvalRow } from '../core/eval-types.js';
import {
  knowsNothingFormatsPerfectly,
  plantedCases,
  runScriptedEval,
} from './__fixtures__/scripted-models.js';
import { buildDiagnosis } from './build-diagnosis.js';
import {
  describeContextBudget,
  formatTokens,
  LONG_CONTEXT_RESERVED_TOKENS,
  measureContextBudget,
} from './context-budget.js';

/** 20 cases needing 1k, 2k … 20k tokens of gold sources. */
const goldTokens = Array.from({ length: 20 }, (_, index) => ({
  caseId: `c${index}`,
  tokens: (index + 1) * 1000,
}));

describe('measureContextBudget', () => {
  it('takes nearest-rank p50 and p95 of the gold sources against the window less what the packer keeps back', () => {
    const budget = measureContextBudget({ cases: goldTokens, contextWindow: 128_000, corpusTokens: 90_000 });
    // Nearest rank: p50 is the 10th of 20 (10k), p95 the 19th (19k).
    expect(budget).toMatchObject({
      cases: 20,
      p50Tokens: 10_000,
      p95Tokens: 19_000,
      maxTokens: 20_000,
      contextWindow: 128_000,
      windowAssumed: false,
      usableTokens: 128_000 - LONG_CONTEXT_RESERVED_TOKENS,
      casesFitting: 20,
      fitsAtP95: true,
      corpusTokens: 90_000,
      corpusFits: true,
    });
    expect(describeContextBudget(budget!)).toBe(
      'gold sources need 19k tokens at p95 (10k at p50, over 20 cases); the model takes 128k; the whole corpus is 90k, and fits',
    );
  });

  it('does not fit when the p95 case exceeds the usable window, and assumes 8192 for a model stating none', () => {
    const small = measureContextBudget({ cases: goldTokens, contextWindow: 16_000 });
    // 16000 − 912 = 15088 usable: cases of 1k … 15k fit, 16k … 20k do not.
    expect(small).toMatchObject({ casesFitting: 15, fitsAtP95: false, corpusTokens: null, corpusFits: null });
    const unstated = measureContextBudget({ cases: goldTokens, contextWindow: undefined });
    expect(unstated).toMatchObject({ contextWindow: 8192, windowAssumed: true, casesFitting: 7 });
    expect(describeContextBudget(unstated!)).toContain(
      'the model takes 8.2k (assumed: the model states no window)',
    );
  });

  it('is null when no case names an indexed source', () => {
    expect(measureContextBudget({ cases: [], contextWindow: 128_000 })).toBeNull();
  });

  it('formats token counts the way the diagnosis prints them', () => {
    expect([formatTokens(900), formatTokens(1250), formatTokens(38_000), formatTokens(127_088)]).toEqual([
      '900',
      '1.3k',
      '38k',
      '127k',
    ]);
  });
});

const modelId = 'gpt-4o-mini';
const prices = pricesSchema.parse({});
const ragRows = runScriptedEval({
  model: knowsNothingFormatsPerfectly,
  cases: plantedCases('k', 30),
  modelId,
});

/** Long-context rows copied from the rag rows: same verdicts, `promptTokens` each, some failed when asked. */
function longContextRows(options: { promptTokens: number; failing?: number }): EvalRow[] {
  return ragRows
    .filter((row) => row.variant === 'rag')
    .map((row, index) => {
      const fails = index < (options.failing ?? 0);
      return {
        ...row,
        variant: 'long-context' as const,
        passed: row.passed && !fails,
        usage: { promptTokens: options.promptTokens, completionTokens: 10 },
      };
    });
}

function diagnose(rows: EvalRow[], contextWindow: number, tokensPerCase = 2000) {
  return buildDiagnosis({
    rows,
    constraints: constraintsSchema.parse({ queriesPerDay: 1000 }),
    prices,
    index: { chunks: 30, bytes: 0, embeddingTokens: 0 },
    context: {
      cases: Array.from({ length: 30 }, (_, index) => ({ caseId: `k${index}`, tokens: tokensPerCase })),
      contextWindow,
      corpusTokens: 6000,
    },
  });
}

describe('the decision matrix reads the context budget', () => {
  it('recommends long-context in place of RAG when it fits and measures as well at a comparable cost', () => {
    const rag = ragRows.find((row) => row.variant === 'rag')!;
    // As many prompt tokens as rag: same pass rate, same price (rag adds storage of a tiny index).
    const diagnosis = diagnose(
      [...ragRows, ...longContextRows({ promptTokens: rag.usage.promptTokens })],
      128_000,
    );
    expect(diagnosis.recommendation.architecture).toBe('rag');
    const longContext = diagnosis.recommendation.longContext!;
    expect(longContext.verdict).toBe('recommended');
    expect(longContext.costBasis).toBe('measured');
    // gpt-4o-mini: (170 × $0.15 + 10 × $0.60) / 1e6 per query × 1000/day × 30.4 days.
    const perQuery = (rag.usage.promptTokens * 0.15 + 10 * 0.6) / 1e6;
    expect(longContext.perQueryUsd).toBeCloseTo(perQuery, 12);
    expect(longContext.monthlyUsd).toBeCloseTo(perQuery * 1000 * 30.4, 9);
    expect(longContext.statement).toMatch(
      /^Long context is possible at \$\d+\.\d\d\/month at your volume \(1,000 queries\/day\) and measures as well as RAG: long-context passes 100% \(30\/30\) vs rag 100% \(30\/30\)/,
    );
    expect(longContext.budgetLine).toBe(
      'gold sources need 2k tokens at p95 (2k at p50, over 30 cases); the model takes 128k; the whole corpus is 6k, and fits',
    );
    expect(diagnosis.recommendation.nextSteps[0]).toMatch(/^Ship long-context/);
    expect(diagnosis.recommendation.startSimple).toContain('recommended in its place');
    expect(diagnosis.contextBudget?.fitsAtP95).toBe(true);
  });

  it('never recommends long-context when the gold sources do not fit, however well it measured', () => {
    const rag = ragRows.find((row) => row.variant === 'rag')!;
    const diagnosis = diagnose(
      [...ragRows, ...longContextRows({ promptTokens: rag.usage.promptTokens })],
      4096,
      5000,
    );
    const longContext = diagnosis.recommendation.longContext!;
    expect(longContext.verdict).toBe('does-not-fit');
    expect(longContext.statement).toBe(
      'Long context does not fit: 30 of 30 cases need more than the 3,184 tokens the window leaves for documents; retrieval is needed.',
    );
    expect(diagnosis.recommendation.nextSteps.some((step) => step.startsWith('Ship long-context'))).toBe(
      false,
    );
  });

  it('says possible, not recommended, when a price is missing', () => {
    const rag = ragRows.find((row) => row.variant === 'rag')!;
    const rows = [...ragRows, ...longContextRows({ promptTokens: rag.usage.promptTokens })].map((row) => ({
      ...row,
      model: 'openai-compatible:house-model',
    }));
    const longContext = diagnose(rows, 128_000).recommendation.longContext!;
    expect(longContext.verdict).toBe('possible');
    expect(longContext.statement).toContain('but the costs were not compared (a price is missing)');
  });

  it('says worse when long-context costs far more than RAG or passes less', () => {
    const expensive = diagnose([...ragRows, ...longContextRows({ promptTokens: 100_000 })], 128_000);
    expect(expensive.recommendation.longContext?.verdict).toBe('worse');
    expect(expensive.recommendation.longContext?.statement).toContain('costs more than RAG');
    const rag = ragRows.find((row) => row.variant === 'rag')!;
    // 3 of 30 fail: 90% against rag's 100%, more than the 5-point margin.
    const weaker = diagnose(
      [...ragRows, ...longContextRows({ promptTokens: rag.usage.promptTokens, failing: 3 })],
      128_000,
    );
    expect(weaker.recommendation.longContext?.verdict).toBe('worse');
    expect(weaker.recommendation.longContext?.statement).toContain(
      'measures worse than RAG: long-context passes 90% (27/30) vs rag 100% (30/30)',
    );
  });

  it('prices long-context from the window it would fill when the variant did not run', () => {
    const diagnosis = diagnose(ragRows, 128_000);
    const longContext = diagnosis.recommendation.longContext!;
    expect(longContext.verdict).toBe('possible');
    expect(longContext.costBasis).toBe('estimated');
    const prompt = ragRows.find((row) => row.variant === 'prompt')!;
    // The 6k corpus fits, so the whole corpus on top of the plain prompt's tokens.
    expect(longContext.perQueryUsd).toBeCloseTo(
      ((6000 + prompt.usage.promptTokens) * 0.15 + 10 * 0.6) / 1e6,
      12,
    );
    expect(longContext.statement).toContain('(estimated from the tokens it would fill)');
    expect(longContext.statement).toContain('run the long-context variant to compare it with RAG');
  });
});
