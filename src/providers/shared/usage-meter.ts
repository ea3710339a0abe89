import type { PricesConfig } from '../../core/config/schema.js';
import { lookUpCallPrice, type ModelPrice, priceTokens } from '../../core/price-lookup.js';

export type { ModelPrice };

export interface UsageEntry {
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** Served from the response cache: counted as a call, billed nothing. */
  cached: boolean;
}

export interface ModelUsage {
  provider: string;
  model: string;
  calls: number;
  cachedCalls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  /** No price in the table for this model: `cost` leaves its calls out (unknown, not free). */
  unpriced: boolean;
}

export interface UsageTotals {
  calls: number;
  cachedCalls: number;
  failedCalls: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  currency: string;
  /** The price table's date, so reports can say how old the prices are. */
  pricesAsOf: string;
  /** `provider:model` of every model that was used but has no price. */
  unpriced: string[];
}

export interface UsageMeter {
  record(entry: UsageEntry): void;
  recordFailure(entry: { provider: string; model: string }): void;
  byModel(): ModelUsage[];
  totals(): UsageTotals;
  reset(): void;
}

/**
 * The price of a model, from the one matcher the cost model uses too (core/price-lookup.ts):
 * `provider:model`, the model name, then its family for a dated snapshot or a fine-tune
 * (`ft:gpt-4o-mini-2024-07-18:acme::id`). Case-insensitive. Undefined when none matches; local
 * providers (llama-cpp, extractive) cost nothing per token unless the table names them.
 */
export function findPrice(
  prices: PricesConfig,
  input: { provider: string; model: string },
): ModelPrice | undefined {
  return lookUpCallPrice(input, { config: prices, builtIn: undefined })?.price;
}

/** Cost of one call in the table's currency: tokens × price per million / 1e6. */
export function computeCost(
  prices: PricesConfig,
  input: { provider: string; model: string; promptTokens: number; completionTokens: number },
): { cost: number; priced: boolean } {
  const price = findPrice(prices, input);
  if (price === undefined) return { cost: 0, priced: false };
  return { cost: priceTokens(price, input), priced: true };
}

const emptyPrices: PricesConfig = { asOf: 'unknown', currency: 'USD', models: {} };

/** Accumulates calls, tokens and cost per provider:model. Safe to share between wrapped models. */
export function createUsageMeter(options: { prices?: PricesConfig } = {}): UsageMeter {
  const prices = options.prices ?? emptyPrices;
  const rows = new Map<string, ModelUsage>();

  const rowFor = (provider: string, model: string): ModelUsage => {
    const id = `${provider}:${model}`;
    let row = rows.get(id);
    if (row === undefined) {
      row = {
        provider,
        model,
        calls: 0,
        cachedCalls: 0,
        failedCalls: 0,
        promptTokens: 0,
        completionTokens: 0,
        cost: 0,
        unpriced: findPrice(prices, { provider, model }) === undefined,
      };
      rows.set(id, row);
    }
    return row;
  };

  return {
    record(entry) {
      const row = rowFor(entry.provider, entry.model);
      row.calls++;
      if (entry.cached) {
        row.cachedCalls++;
        return;
      }
      row.promptTokens += entry.promptTokens;
      row.completionTokens += entry.completionTokens;
      row.cost += computeCost(prices, entry).cost;
    },
    recordFailure(entry) {
      const row = rowFor(entry.provider, entry.model);
      row.calls++;
      row.failedCalls++;
    },
    byModel() {
      return [...rows.values()].map((row) => ({ ...row }));
    },
    totals() {
      const all = [...rows.values()];
      const sum = (pick: (row: ModelUsage) => number) => all.reduce((total, row) => total + pick(row), 0);
      return {
        calls: sum((row) => row.calls),
        cachedCalls: sum((row) => row.cachedCalls),
        failedCalls: sum((row) => row.failedCalls),
        promptTokens: sum((row) => row.promptTokens),
        completionTokens: sum((row) => row.completionTokens),
        cost: sum((row) => row.cost),
        currency: prices.currency,
        pricesAsOf: prices.asOf,
        unpriced: all.filter((row) => row.unpriced).map((row) => `${row.provider}:${row.model}`),
      };
    },
    reset() {
      rows.clear();
    },
  };
}
