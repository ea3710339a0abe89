import type { PricesConfig } from './config/schema.js';

/**
 * The built-in price table, used under knowhow.yaml's `prices:` (which wins key by key), by
 * usage metering and by the cost model alike. USD per 1M tokens: list prices from the
 * providers' public price pages as of `asOf`; GPU-hour rates are typical on-demand cloud
 * rates, not a quote. Prices change without notice: every report prints this date; check them
 * and put your own (negotiated, self-hosted) under `prices.models` in knowhow.yaml.
 *
 * Keys match model ids by exact name or by family prefix, so a dated snapshot
 * (`gpt-4o-mini-2024-07-18`) finds its family. `ft:` entries price inference on a fine-tuned
 * model (OpenAI's `ft:<base>:<org>::<id>` ids), which costs more than the base model.
 */
export const defaultPrices: PricesConfig = {
  asOf: '2025-10-15',
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
    'claude-sonnet-4-5': { inputPerMillion: 3, outputPerMillion: 15 },
    'claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
    'claude-opus-4-1': { inputPerMillion: 15, outputPerMillion: 75 },
    'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo': { inputPerMillion: 0.18, outputPerMillion: 0.18 },
    'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo': { inputPerMillion: 0.88, outputPerMillion: 0.88 },
    // Together fine-tunes these `-Reference` bases and serves their LoRA fine-tunes at the base
    // model's serverless price: the Turbo siblings' list price above.
    'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference': { inputPerMillion: 0.18, outputPerMillion: 0.18 },
    'meta-llama/Meta-Llama-3.1-70B-Instruct-Reference': { inputPerMillion: 0.88, outputPerMillion: 0.88 },
    'llama-3.1-8b-instant': { inputPerMillion: 0.05, outputPerMillion: 0.08 },
    'llama-3.3-70b-versatile': { inputPerMillion: 0.59, outputPerMillion: 0.79 },
  },
};
