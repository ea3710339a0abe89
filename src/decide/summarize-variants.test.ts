import { describe, expect, it } from 'vitest';
import {
  alwaysErrors,
  knowsNothingFormatsPerfectly,
  plantedCases,
  runScriptedEval,
} from './__fixtures__/scripted-models.js';
import { percentile, summarizeVariants } from './summarize-variants.js';

describe('summarizeVariants', () => {
  const rows = runScriptedEval({
    model: knowsNothingFormatsPerfectly,
    cases: plantedCases('s', 4),
    variants: ['prompt', 'rag', 'oracle'],
    retrievalMisses: new Set(['s-4']),
    overrides: {},
  });

  it('reports one summary per variant in canonical order', () => {
    expect(summarizeVariants(rows).map((summary) => summary.variant)).toEqual(['prompt', 'rag', 'oracle']);
  });

  it('computes pass rates per verdict kind and mean recall', () => {
    const rag = summarizeVariants(rows).find((summary) => summary.variant === 'rag')!;
    expect(rag.cases).toBe(4);
    expect(rag.passed).toBe(3);
    expect(rag.passRate).toBe(0.75);
    expect(rag.contentPassRate).toBe(0.75);
    expect(rag.formatPassRate).toBe(1);
    expect(rag.groundingPassRate).toBeNull();
    expect(rag.meanRecall).toBe(0.75);
    expect(rag.meanPromptTokens).toBe(170);
    expect(rag.meanCompletionTokens).toBe(10);
    expect(rag.model).toBe('openai-compatible:gpt-4o-mini');
    const prompt = summarizeVariants(rows).find((summary) => summary.variant === 'prompt')!;
    expect(prompt.passRate).toBe(0);
    expect(prompt.meanRecall).toBeNull();
  });

  it('counts errors as failed rows and leaves them out of tokens and latency', () => {
    const mixed = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('e', 4),
      variants: ['oracle'],
      latencyMs: { oracle: 100 },
    });
    mixed.push(
      ...runScriptedEval({
        model: alwaysErrors,
        cases: plantedCases('e2', 1),
        variants: ['oracle'],
        latencyMs: { oracle: 30_000 },
      }),
    );
    const [oracle] = summarizeVariants(mixed);
    expect(oracle?.cases).toBe(5);
    expect(oracle?.errors).toBe(1);
    expect(oracle?.passRate).toBe(0.8);
    expect(oracle?.contentPassRate).toBe(1);
    expect(oracle?.latency).toEqual({ meanMs: 100, p50Ms: 100, p95Ms: 100, samples: 4 });
    expect(oracle?.meanPromptTokens).toBe(170);
  });

  it('leaves cached rows out of latency', () => {
    const cached = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('c', 2),
      variants: ['prompt'],
    });
    for (const row of cached) row.cached = true;
    const [prompt] = summarizeVariants(cached);
    expect(prompt?.latency).toBeNull();
    expect(prompt?.cached).toBe(2);
  });

  it('sums cost', () => {
    const priced = runScriptedEval({
      model: knowsNothingFormatsPerfectly,
      cases: plantedCases('p', 3),
      variants: ['prompt'],
    });
    priced.forEach((row, index) => {
      row.costUsd = 0.001 * (index + 1);
    });
    expect(summarizeVariants(priced)[0]?.totalCostUsd).toBeCloseTo(0.006, 10);
  });
});

describe('percentile', () => {
  it('uses the nearest rank, so the value was observed', () => {
    const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});
