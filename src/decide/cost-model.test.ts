import { describe, expect, it } from 'vitest';
import type { PricesConfig } from '../core/config/schema.js';
import { defaultPrices } from '../core/default-prices.js';
import type { VariantName } from '../core/eval-types.js';
import { summarizeAttributions } from './attribute-failures.js';
import { CURVE_POINTS, DAYS_PER_MONTH, findBreakEvens, monthlyAt, projectCosts } from './cost-model.js';
import { recommend } from './decision-matrix.js';
import type { VariantSummary } from './summarize-variants.js';

function summary(
  variant: VariantName,
  promptTokens: number,
  completionTokens: number,
  model: string,
): VariantSummary {
  return {
    variant,
    model,
    cases: 10,
    passed: 5,
    passRate: 0.5,
    contentPassRate: 0.5,
    formatPassRate: 1,
    groundingPassRate: null,
    meanRecall: null,
    latency: { meanMs: 400, p50Ms: 380, p95Ms: 600, samples: 10 },
    meanPromptTokens: promptTokens,
    meanCompletionTokens: completionTokens,
    totalCostUsd: 0,
    errors: 0,
    cached: 0,
    extractive: 0,
  };
}

const prices: PricesConfig = {
  asOf: '2026-10-15',
  currency: 'USD',
  models: {
    base: { inputPerMillion: 1, outputPerMillion: 2, trainingPerMillion: 10 },
    'ft:base': { inputPerMillion: 2, outputPerMillion: 4 },
    emb: { inputPerMillion: 0.1, outputPerMillion: 0 },
  },
};

const summaries = [
  summary('prompt', 1000, 200, 'openai-compatible:base'),
  summary('rag', 3000, 200, 'openai-compatible:base'),
];

const baseInput = {
  summaries,
  prices,
  builtInPrices: false as const,
  queriesPerDay: 1000,
  knowledgeChanges: 'weekly' as const,
  index: { chunks: 500, embeddingTokens: 2_000_000, bytes: 5e9, embeddingModel: 'openai-compatible:emb' },
  tuning: { trainingTokens: 1_000_000, epochs: 3 },
  storagePerGbMonth: 0.02,
};

describe('projectCosts arithmetic', () => {
  const projection = projectCosts(baseInput);
  const { prompting, rag } = projection.architectures;
  const fineTuning = projection.architectures['fine-tuning'];
  const hybrid = projection.architectures.hybrid;

  it('prices inference as queries/day × 30.4 × tokens × price / 1M', () => {
    expect(prompting.basis).toBe('measured');
    expect(prompting.variant).toBe('prompt');
    expect(prompting.perQuery.usd).toBeCloseTo(0.0014, 12);
    expect(prompting.monthly.inference).toBeCloseTo(1000 * 30.4 * 0.0014, 9);
    expect(prompting.monthly.total).toBeCloseTo(42.56, 9);
    expect(rag.monthly.inference).toBeCloseTo(1000 * 30.4 * 0.0034, 9);
  });

  it('adds indexing to rag and hybrid: re-embedding per change frequency plus storage', () => {
    expect(rag.monthly.embedding).toBeCloseTo((2 * 0.1 * 52) / 12, 12);
    expect(rag.monthly.storage).toBeCloseTo(5 * 0.02, 12);
    expect(rag.fixedMonthly).toBeCloseTo((2 * 0.1 * 52) / 12 + 0.1, 12);
    expect(prompting.monthly.embedding).toBe(0);
    expect(hybrid.monthly.embedding).toBeCloseTo(rag.monthly.embedding, 12);
  });

  it('amortises training runs over the retrains a year implied by how often knowledge changes', () => {
    expect(fineTuning.trainingRun).toEqual({ usd: 30, runsPerYear: 52 });
    expect(fineTuning.monthly.fineTuning).toBeCloseTo((30 * 52) / 12, 9);
    expect(hybrid.trainingRun).toEqual({ usd: 30, runsPerYear: 1 });
    expect(hybrid.monthly.fineTuning).toBeCloseTo(30 / 12, 9);
    const stable = projectCosts({ ...baseInput, knowledgeChanges: 'stable' });
    expect(stable.architectures['fine-tuning'].monthly.fineTuning).toBeCloseTo(30 / 12, 9);
    const daily = projectCosts({ ...baseInput, knowledgeChanges: 'daily' });
    expect(daily.architectures['fine-tuning'].monthly.fineTuning).toBeCloseTo((30 * 365) / 12, 9);
  });

  it('estimates unmeasured tuned variants from their untuned counterparts at fine-tuned prices', () => {
    expect(fineTuning.basis).toBe('estimated');
    expect(fineTuning.variant).toBe('prompt');
    expect(fineTuning.model).toBe('openai-compatible:ft:base');
    expect(fineTuning.perQuery.usd).toBeCloseTo((1000 * 2 + 200 * 4) / 1e6, 12);
    expect(hybrid.variant).toBe('rag');
    expect(hybrid.perQuery.usd).toBeCloseTo((3000 * 2 + 200 * 4) / 1e6, 12);
    expect(projection.assumptions.join('\n')).toContain('estimated from the prompt variant');
  });

  it('prices prompting on few-shot when measured, or on the plain prompt when asked', () => {
    const withFewShot = [...summaries, summary('few-shot', 1600, 200, 'openai-compatible:base')];
    expect(projectCosts({ ...baseInput, summaries: withFewShot }).architectures.prompting.variant).toBe(
      'few-shot',
    );
    const plain = projectCosts({ ...baseInput, summaries: withFewShot, promptingVariant: 'prompt' });
    expect(plain.architectures.prompting.variant).toBe('prompt');
    expect(plain.architectures.prompting.perQuery.usd).toBeCloseTo(0.0014, 12);
  });

  it('keeps the total a straight line in the volume', () => {
    for (const cost of Object.values(projection.architectures)) {
      expect(cost.monthly.total).toBeCloseTo(cost.fixedMonthly + cost.perDailyQuery * 1000, 9);
      expect(cost.perDailyQuery).toBeCloseTo(cost.perQuery.usd * DAYS_PER_MONTH, 12);
    }
  });

  it('samples the curve at log-spaced volumes from 10 to 1,000,000', () => {
    expect(projection.curve.map((point) => point.queriesPerDay)).toEqual([...CURVE_POINTS]);
    expect(CURVE_POINTS[0]).toBe(10);
    expect(CURVE_POINTS.at(-1)).toBe(1_000_000);
    const point = projection.curve.find((entry) => entry.queriesPerDay === 50_000)!;
    expect(point.monthlyUsd.rag).toBeCloseTo(monthlyAt(rag, 50_000), 9);
  });

  it('lists the price table with its asOf date', () => {
    expect(projection.pricesAsOf).toEqual(['2026-10-15']);
    expect(projection.assumptions.join('\n')).toMatch(/knowhow\.yaml prices as of 2026-10-15/);
    expect(projection.unpricedModels).toEqual([]);
  });
});

describe('break-even points', () => {
  it('finds where a fixed-cost tuned model crosses per-token prompting, exactly', () => {
    const projection = projectCosts({
      ...baseInput,
      modelIds: { tuned: 'llama-cpp:/models/tuned.gguf' },
      tuning: { trainingTokens: 0, epochs: 1, pricePerMillion: 0 },
      hosting: { monthlyUsd: 500, description: 'one L4' },
    });
    const crossing = projection.breakEvens.find(
      (entry) => entry.between.includes('prompting') && entry.between.includes('fine-tuning'),
    );
    const expected = 500 / (0.0014 * 30.4);
    expect(crossing?.queriesPerDay).toBeCloseTo(expected, 9);
    expect(crossing?.cheaperBelow).toBe('prompting');
    expect(crossing?.cheaperAbove).toBe('fine-tuning');
    const { prompting } = projection.architectures;
    const fineTuning = projection.architectures['fine-tuning'];
    expect(monthlyAt(prompting, crossing!.queriesPerDay)).toBeCloseTo(
      monthlyAt(fineTuning, crossing!.queriesPerDay),
      9,
    );
    expect(crossing?.monthlyUsd).toBeCloseTo(500, 9);
    expect(projection.assumptions.join('\n')).toContain('run locally');
  });

  it('reports no crossing for lines that never meet at a positive volume', () => {
    const line = (architecture: 'prompting' | 'rag', fixed: number, slope: number) => ({
      ...projectCosts(baseInput).architectures[architecture],
      fixedMonthly: fixed,
      perDailyQuery: slope,
    });
    expect(findBreakEvens([line('prompting', 0, 1), line('rag', 10, 2)])).toEqual([]);
    expect(findBreakEvens([line('prompting', 0, 1), line('rag', 10, 1)])).toEqual([]);
    const [crossing] = findBreakEvens([line('prompting', 0, 3), line('rag', 10, 1)]);
    expect(crossing?.queriesPerDay).toBe(5);
  });
});

describe('prices and assumptions', () => {
  it('leaves an unpriced model unknown, never $0, and says so', () => {
    const projection = projectCosts({
      ...baseInput,
      summaries: [summary('prompt', 1000, 200, 'anthropic:mystery-model')],
    });
    expect(projection.architectures.prompting.complete).toBe(false);
    expect(projection.architectures.prompting.unknown).toEqual(['no price for anthropic:mystery-model']);
    expect(projection.unpricedModels).toContain('anthropic:mystery-model');
    expect(projection.assumptions.join('\n')).toMatch(/no price for anthropic:mystery-model .*unknown/);
    expect(projection.assumptions.join('\n')).not.toContain('counted as 0');
    expect(projection.curve[0]?.monthlyUsd.prompting).toBeUndefined();
  });

  it('falls back to the dated built-in table, which the report names', () => {
    const projection = projectCosts({
      summaries: [summary('prompt', 1000, 100, 'openai-compatible:gpt-4o-mini-2024-07-18')],
      prices: { asOf: '2026-11-01', currency: 'USD', models: {} },
      queriesPerDay: 100,
      knowledgeChanges: 'monthly',
    });
    expect(projection.architectures.prompting.perQuery.usd).toBeCloseTo((1000 * 0.15 + 100 * 0.6) / 1e6, 12);
    expect(projection.pricesAsOf).toContain(defaultPrices.asOf);
    expect(projection.assumptions.join('\n')).toContain(`built-in price table as of ${defaultPrices.asOf}`);
    expect(projection.architectures.rag.basis).toBe('missing');
    expect(projection.curve[0]?.monthlyUsd.rag).toBeUndefined();
    expect(projection.breakEvens.every((entry) => !entry.between.includes('rag'))).toBe(true);
  });

  it('prices self-hosted training as GPU-hours × rate', () => {
    const projection = projectCosts({
      ...baseInput,
      builtInPrices: defaultPrices,
      tuning: { trainingTokens: 1_000_000, epochs: 3, gpuHours: 10, gpu: 'gpu:h100' },
    });
    expect(projection.architectures['fine-tuning'].trainingRun?.usd).toBe(30);
  });

  it('warns when the training price is unknown', () => {
    const projection = projectCosts({
      ...baseInput,
      prices: { ...prices, models: { base: { inputPerMillion: 1, outputPerMillion: 2 } } },
    });
    expect(projection.architectures['fine-tuning'].trainingRun?.usd).toBe(0);
    expect(projection.assumptions.join('\n')).toMatch(/no training price for openai-compatible:base/);
  });
});

describe('a tuned model without a price', () => {
  const tunedSummaries = [
    ...summaries,
    summary('tuned', 1000, 200, 'openai-compatible:acme-support-7'),
    summary('hybrid', 3000, 200, 'openai-compatible:acme-support-7'),
  ];
  const constraints = {
    knowledgeChanges: 'weekly' as const,
    taskType: 'question-answering' as const,
    latencyTargetMs: 2000,
    queriesPerDay: 1000,
    teamSkills: 'data-engineering' as const,
    citationsNeeded: false,
    accessControlNeeded: false,
    monthlyBudget: 10_000,
  };

  it('is unknown: no $0 total, no break-even and no cost reason rest on it', () => {
    const costs = projectCosts({ ...baseInput, summaries: tunedSummaries });
    const hybrid = costs.architectures.hybrid;
    expect(hybrid.complete).toBe(false);
    expect(hybrid.unknown).toEqual(['no price for openai-compatible:acme-support-7']);
    expect(costs.architectures['fine-tuning'].complete).toBe(false);
    expect(costs.architectures.rag.complete).toBe(true);
    expect(costs.unpricedModels).toEqual(['openai-compatible:acme-support-7']);
    for (const entry of costs.breakEvens) {
      expect(entry.between).not.toContain('hybrid');
      expect(entry.between).not.toContain('fine-tuning');
      expect(entry.queriesPerDay).toBeGreaterThan(0);
    }
    expect(costs.curve.every((point) => point.monthlyUsd.hybrid === undefined)).toBe(true);
    const recommendation = recommend({
      constraints,
      failureMode: 'unknown',
      measured: {
        attribution: summarizeAttributions([]),
        costs,
      },
    });
    const said = [...recommendation.reasons.map((reason) => reason.statement), ...recommendation.risks].join(
      '\n',
    );
    expect(said).not.toContain('$0.00');
    expect(said).not.toMatch(/hybrid is cheapest/);
    expect(recommendation.reasons.some((reason) => reason.factor === 'cost')).toBe(false);
    expect(said).toContain('Costs are not compared: no price for openai-compatible:acme-support-7');
  });

  it('falls back to what the engine prices: a Together LoRA at its base model’s serverless price', () => {
    const base = 'openai-compatible:meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo';
    const tuned = 'openai-compatible:acme/Meta-Llama-3.1-8B-Instruct-Reference-support-1a2b3c';
    const costs = projectCosts({
      ...baseInput,
      builtInPrices: defaultPrices,
      summaries: [
        summary('prompt', 1000, 200, base),
        summary('rag', 3000, 200, base),
        summary('hybrid', 3000, 200, tuned),
      ],
      tuning: { trainingTokens: 1_000_000, epochs: 3, pricePerMillion: 0.48 },
      tunedFrom: { engine: 'together', baseModel: base },
    });
    const hybrid = costs.architectures.hybrid;
    expect(hybrid.complete).toBe(true);
    expect(hybrid.perQuery.usd).toBeCloseTo((3000 * 0.18 + 200 * 0.18) / 1e6, 12);
    expect(hybrid.priceBasis).toContain('Together serves LoRA fine-tunes at the base model');
    expect(costs.assumptions.join('\n')).toContain(
      `${tuned} is priced as its base model meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo's serverless price`,
    );
  });

  it('falls back to OpenAI’s fine-tuned price list for an ft: model the tables do not name', () => {
    const costs = projectCosts({
      ...baseInput,
      builtInPrices: defaultPrices,
      summaries: [
        summary('prompt', 1000, 200, 'openai-compatible:gpt-4o-mini'),
        summary('tuned', 1000, 200, 'openai-compatible:ft:gpt-4o-mini-2024-07-18:acme::x9'),
      ],
      tuning: { trainingTokens: 1_000_000, epochs: 3 },
      tunedFrom: { engine: 'openai', baseModel: 'openai-compatible:gpt-4o-mini' },
    });
    const fineTuning = costs.architectures['fine-tuning'];
    expect(fineTuning.complete).toBe(true);
    expect(fineTuning.perQuery.usd).toBeCloseTo((1000 * 0.3 + 200 * 1.2) / 1e6, 12);
  });
});
