import type { PricesConfig } from '../../core/config/schema.js';

/**
 * List prices in USD per million tokens, as published by each provider on the `asOf` date.
 * Prices change without notice: they are a starting point, not a source of truth. Users must
 * check them and put their own (including negotiated or self-hosted rates) under `prices:` in
 * knowhow.yaml, which replaces this table. Keys are model names as sent to the API; a dated
 * snapshot (`gpt-4o-2024-08-06`) falls back to its family's price.
 */
export const defaultPrices: PricesConfig = {
  asOf: '2025-10-15',
  currency: 'USD',
  models: {
    'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
    'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
    'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
    'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
    'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
    'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
    'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
    'claude-sonnet-4-5': { inputPerMillion: 3, outputPerMillion: 15 },
    'claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
    'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
    'claude-opus-4-1': { inputPerMillion: 15, outputPerMillion: 75 },
    'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo': { inputPerMillion: 0.18, outputPerMillion: 0.18 },
    'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo': { inputPerMillion: 0.88, outputPerMillion: 0.88 },
    'llama-3.1-8b-instant': { inputPerMillion: 0.05, outputPerMillion: 0.08 },
    'llama-3.3-70b-versatile': { inputPerMillion: 0.59, outputPerMillion: 0.79 },
  },
};
