import { describe, expect, it } from 'vitest';
import { defaultPrices } from './default-prices.js';
import { lookUpPrice, lookUpTunedPrice } from './price-lookup.js';

describe('lookUpPrice', () => {
  const tables = { config: { asOf: 'x', currency: 'USD', models: {} }, builtIn: defaultPrices };

  it('matches dated snapshots and fine-tuned ids to their family, never a sibling model', () => {
    expect(lookUpPrice('openai-compatible:gpt-4o-audio-preview', tables)).toBeUndefined();
    expect(lookUpPrice('anthropic:claude-sonnet-4-5-20250929', tables)?.key).toBe('claude-sonnet-4-5');
    expect(lookUpPrice('openai-compatible:gpt-4o-mini-2024-07-18', tables)?.key).toBe('gpt-4o-mini');
    expect(lookUpPrice('gpt-4o-2024-08-06', tables)?.key).toBe('gpt-4o');
    expect(lookUpPrice('openai-compatible:ft:gpt-4o-mini-2024-07-18:acme::abc123', tables)?.key).toBe(
      'ft:gpt-4o-mini',
    );
    expect(lookUpPrice('gpt-4omni', tables)).toBeUndefined();
    expect(lookUpPrice('other-provider-model', tables)).toBeUndefined();
  });

  it('prices local models at zero and lets knowhow.yaml win', () => {
    expect(lookUpPrice('llama-cpp:hf:org/model.gguf', tables)?.source).toBe('local');
    const overridden = lookUpPrice('gpt-4o-mini', {
      config: {
        asOf: '2026-11-01',
        currency: 'USD',
        models: { 'gpt-4o-mini': { inputPerMillion: 9, outputPerMillion: 9 } },
      },
      builtIn: defaultPrices,
    });
    expect(overridden?.source).toBe('config');
    expect(overridden?.price.inputPerMillion).toBe(9);
  });
});

describe('lookUpTunedPrice', () => {
  const tables = { config: { asOf: 'x', currency: 'USD', models: {} }, builtIn: defaultPrices };

  it('uses the fine-tune’s own entry first, then the engine’s rule for its base, else nothing', () => {
    expect(lookUpTunedPrice('ft:gpt-4o:acme::1', tables, undefined)?.key).toBe('ft:gpt-4o');
    const together = lookUpTunedPrice('acme/llama-ft-1', tables, {
      engine: 'together',
      baseModel: 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo',
    });
    expect(together?.price.inputPerMillion).toBe(0.88);
    expect(together?.basis).toContain("Together serves LoRA fine-tunes at the base model's price");
    const openai = lookUpTunedPrice('my-alias', tables, { engine: 'openai', baseModel: 'gpt-4.1-mini' });
    expect(openai?.key).toBe('ft:gpt-4.1-mini');
    expect(
      lookUpTunedPrice('acme/ft', tables, { engine: 'together', baseModel: 'unknown/base' }),
    ).toBeUndefined();
    expect(lookUpTunedPrice('acme/ft', tables, undefined)).toBeUndefined();
  });
});
