import { describe, expect, it } from 'vitest';
import type { PricesConfig } from '../../core/config/schema.js';
import { defaultPrices } from '../../core/default-prices.js';
import { lookUpPrice } from '../../core/price-lookup.js';
import { computeCost, createUsageMeter, findPrice } from './usage-meter.js';

const prices: PricesConfig = {
  asOf: '2026-01-01',
  currency: 'USD',
  models: {
    'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
    'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    'together:my-llama': { inputPerMillion: 1, outputPerMillion: 1 },
  },
};

describe('findPrice', () => {
  it('matches provider-qualified names, plain names and dated snapshots, case-insensitively', () => {
    expect(findPrice(prices, { provider: 'together', model: 'my-llama' })?.inputPerMillion).toBe(1);
    expect(findPrice(prices, { provider: 'openai-compatible', model: 'GPT-4o' })?.inputPerMillion).toBe(2.5);
    expect(findPrice(prices, { provider: 'x', model: 'gpt-4o-mini-2024-07-18' })?.inputPerMillion).toBe(0.15);
    expect(findPrice(prices, { provider: 'x', model: 'gpt-4o-latest' })?.inputPerMillion).toBe(2.5);
  });

  it('prices an OpenAI fine-tune from its family like the cost model does (one matcher for both)', () => {
    const fineTuned = { provider: 'openai-compatible', model: 'ft:gpt-4o-mini-2024-07-18:acme::abc123' };
    expect(findPrice(defaultPrices, fineTuned)?.inputPerMillion).toBe(0.3);
    expect(
      computeCost(defaultPrices, { ...fineTuned, promptTokens: 1_000_000, completionTokens: 0 }),
    ).toEqual({
      cost: 0.3,
      priced: true,
    });
    const tables = { config: defaultPrices, builtIn: undefined };
    for (const model of ['ft:gpt-4.1-nano:acme::x1', 'gpt-4o-audio', 'claude-3-5-haiku-latest', 'mystery']) {
      expect(findPrice(defaultPrices, { provider: 'openai-compatible', model })).toEqual(
        lookUpPrice(`openai-compatible:${model}`, tables)?.price,
      );
    }
  });

  it('never borrows a sibling model price through a prefix', () => {
    expect(findPrice(prices, { provider: 'x', model: 'gpt-4o-audio' })).toBeUndefined();
    expect(
      findPrice(defaultPrices, { provider: 'anthropic', model: 'claude-sonnet-4-20250514' }),
    ).toBeDefined();
  });
});

describe('computeCost', () => {
  it('is tokens times price per million', () => {
    expect(
      computeCost(prices, {
        provider: 'x',
        model: 'gpt-4o',
        promptTokens: 1_000_000,
        completionTokens: 500_000,
      }),
    ).toEqual({ cost: 7.5, priced: true });
    expect(
      computeCost(prices, { provider: 'x', model: 'nope', promptTokens: 10, completionTokens: 10 }),
    ).toEqual({
      cost: 0,
      priced: false,
    });
  });
});

describe('createUsageMeter', () => {
  it('totals calls, tokens and cost per model, bills no cached call and flags unpriced models', () => {
    const meter = createUsageMeter({ prices });
    meter.record({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 1000,
      completionTokens: 200,
      cached: false,
    });
    meter.record({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 3000,
      completionTokens: 800,
      cached: false,
    });
    meter.record({
      provider: 'openai',
      model: 'gpt-4o',
      promptTokens: 3000,
      completionTokens: 800,
      cached: true,
    });
    meter.record({
      provider: 'ollama',
      model: 'qwen3',
      promptTokens: 50,
      completionTokens: 5,
      cached: false,
    });
    meter.recordFailure({ provider: 'ollama', model: 'qwen3' });

    const totals = meter.totals();
    expect(totals).toMatchObject({
      calls: 5,
      cachedCalls: 1,
      failedCalls: 1,
      promptTokens: 4050,
      completionTokens: 1005,
      currency: 'USD',
      pricesAsOf: '2026-01-01',
      unpriced: ['ollama:qwen3'],
    });
    expect(totals.cost).toBeCloseTo((4000 * 2.5 + 1000 * 10) / 1e6, 12);
    const gpt = meter.byModel().find((row) => row.model === 'gpt-4o');
    expect(gpt).toMatchObject({ calls: 3, cachedCalls: 1, unpriced: false });
    meter.reset();
    expect(meter.totals().calls).toBe(0);
  });

  it('has a dated default table', () => {
    expect(defaultPrices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(defaultPrices.models).length).toBeGreaterThan(5);
  });
});
