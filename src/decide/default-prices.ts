import type { PricesConfig } from '../core/config/schema.js';

/**
 * The built-in price table, used under knowhow.yaml's `prices:` (which wins key by key).
 * Per 1M tokens, USD: list prices from the providers' public price pages as of `asOf`; GPU-hour
 * rates are typical on-demand cloud rates, not a quote. Prices change: every report prints this
 * date, and `prices.models` in knowhow.yaml overrides any entry.
 *
 * Keys match model ids by exact name or by prefix at a `-`, `:` or `@` boundary, so a dated
 * snapshot (`gpt-4o-mini-2024-07-18`) finds its family. `ft:` entries price inference on a
 * fine-tuned model (OpenAI's `ft:<base>:<org>::<id>` ids), which costs more than the base model.
 */
export const defaultPrices: PricesConfig = {
  asOf: '2025-06-01',
  currency: 'USD',
  models: {
    'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, trainingPerMillion: 25 },
    'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, trainingPerMillion: 5 },
    'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4, trainingPerMillion: 1.5 },
    'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, trainingPerMillion: 25 },
    'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, trainingPerMillion: 3 },
    'ft:gpt-4.1': { inputPerMillion: 3, outputPerMillion: 12 },
    'ft:gpt-4.1-mini': { inputPerMillion: 0.8, outputPerMillion: 3.2 },
    'ft:gpt-4.1-nano': { inputPerMillion: 0.2, outputPerMillion: 0.8 },
    'ft:gpt-4o': { inputPerMillion: 3.75, outputPerMillion: 15 },
    'ft:gpt-4o-mini': { inputPerMillion: 0.3, outputPerMillion: 1.2 },
    'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
    'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
    'claude-3-haiku': { inputPerMillion: 0.25, outputPerMillion: 1.25 },
    'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
    'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
    'claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75 },
    'gpu:h100': { inputPerMillion: 0, outputPerMillion: 0, gpuHour: 3 },
    'gpu:a100-80gb': { inputPerMillion: 0, outputPerMillion: 0, gpuHour: 2 },
    'gpu:l4': { inputPerMillion: 0, outputPerMillion: 0, gpuHour: 0.8 },
  },
};

/** Providers that run on the team's own machine: no per-token price (hosting is priced separately). */
export const localProviders: readonly string[] = ['llama-cpp', 'extractive'];

/** Provider prefixes of `provider:model` ids (the eval row's `model` field). */
export const knownProviders: readonly string[] = [
  'openai-compatible',
  'anthropic',
  'llama-cpp',
  'extractive',
];
