import { localProviderNames, providerNames } from './config/provider-catalog.js';
import type { PricesConfig } from './config/schema.js';

/**
 * The one price matcher: usage metering (what a run cost) and the cost model (what an
 * architecture would cost a month) both find a model's price here, so a model is priced, or
 * unpriced, the same way in both. Two matchers used to disagree: OpenAI's fine-tuned ids
 * (`ft:gpt-4o-mini-2024-07-18:acme::abc123`) were unpriced in the meter and priced in the cost model.
 */

export type ModelPrice = PricesConfig['models'][string];

export interface PriceTables {
  /** knowhow.yaml's `prices:` (or the configured table merged over the built-in one). */
  config: PricesConfig;
  /** Looked up when the configured table has no match; undefined to price from `config` only. */
  builtIn: PricesConfig | undefined;
}

export interface PriceMatch {
  price: ModelPrice;
  /** The table key that matched; `local` for models run on the team's machine. */
  key: string;
  source: 'config' | 'built-in' | 'local';
  /** The table's asOf date (empty for local models). */
  asOf: string;
  /** How the price was found when it is not the model's own entry (a fine-tune priced from its base). */
  basis?: string;
}

/**
 * Providers that run on the team's own machine: no per-token price (hosting is priced separately).
 * From each provider's pricing rule in the catalog.
 */
export const localProviders: readonly string[] = localProviderNames;

/** Provider prefixes of `provider:model` ids (the eval row's `model` field): the catalog's names. */
export const knownProviders: readonly string[] = providerNames;

/**
 * What may follow a table key for the id to share the key's price: a dated snapshot or `-latest`
 * (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`), then an OpenAI fine-tune's `:<org>::<id>` or
 * a `@version`. Nothing else: `gpt-4o-audio` is a different model with a different price.
 */
const sameModelSuffix = /^(?:-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest))?(?:[:@].*)?$/;

export function splitModelId(modelId: string): { provider: string | undefined; model: string } {
  const colon = modelId.indexOf(':');
  if (colon > 0) {
    const provider = modelId.slice(0, colon);
    if (knownProviders.includes(provider)) return { provider, model: modelId.slice(colon + 1) };
  }
  return { provider: undefined, model: modelId };
}

/**
 * A model's price: knowhow.yaml's table first, then the built-in one (local providers price at
 * zero unless configured). Case-insensitive; tries the full `provider:model` id, the bare model
 * id, then the longest key the model id extends by a snapshot or fine-tune suffix only.
 */
export function lookUpPrice(modelId: string, tables: PriceTables): PriceMatch | undefined {
  const { provider, model } = splitModelId(modelId);
  // A price the team configured wins, even for a local model (to price it as a hosted equivalent).
  const configured = matchKey(tables.config, modelId, model);
  if (configured !== undefined) {
    return {
      price: tables.config.models[configured]!,
      key: configured,
      source: 'config',
      asOf: tables.config.asOf,
    };
  }
  if (provider !== undefined && localProviders.includes(provider)) {
    return { price: { inputPerMillion: 0, outputPerMillion: 0 }, key: 'local', source: 'local', asOf: '' };
  }
  if (!tables.builtIn) return undefined;
  const key = matchKey(tables.builtIn, modelId, model);
  return key === undefined
    ? undefined
    : { price: tables.builtIn.models[key]!, key, source: 'built-in', asOf: tables.builtIn.asOf };
}

/**
 * The price of one call's model, given as the provider a wrapper reports and the model id. The
 * provider may be one knowhow does not prefix ids with (`together`, `openai`): then the
 * `provider:model` key is tried exactly, and the model id on its own.
 */
export function lookUpCallPrice(
  call: { provider: string; model: string },
  tables: PriceTables,
): PriceMatch | undefined {
  const full = lookUpPrice(`${call.provider}:${call.model}`, tables);
  if (full || knownProviders.includes(call.provider)) return full;
  return lookUpPrice(call.model, tables);
}

/** The hosted engine that tuned a model, and the model it tuned. */
export interface TunedFrom {
  engine: 'openai' | 'together' | 'local';
  /** provider:model (or the bare model id) of the base model. */
  baseModel: string;
}

/**
 * A fine-tuned model's price: its own entry when the tables have one, else what the engine's
 * price list says about fine-tunes of its base — OpenAI prices `ft:<base>` above the base model,
 * Together serves a LoRA fine-tune at its base model's serverless price. Undefined when neither
 * is known: an unknown price is never a zero.
 */
export function lookUpTunedPrice(
  modelId: string,
  tables: PriceTables,
  tunedFrom: TunedFrom | undefined,
): PriceMatch | undefined {
  const own = lookUpPrice(modelId, tables);
  if (own || !tunedFrom) return own;
  const base = splitModelId(tunedFrom.baseModel);
  if (tunedFrom.engine === 'openai') {
    const fineTuned = lookUpPrice(`ft:${base.model}`, tables);
    return fineTuned
      ? {
          ...fineTuned,
          basis: `OpenAI's price for fine-tuned ${base.model} (${fineTuned.key}), above the base model's`,
        }
      : undefined;
  }
  if (tunedFrom.engine === 'together') {
    const basePrice = lookUpPrice(tunedFrom.baseModel, tables);
    return basePrice
      ? {
          ...basePrice,
          basis: `its base model ${base.model}'s serverless price (Together serves LoRA fine-tunes at the base model's price)`,
        }
      : undefined;
  }
  return undefined;
}

/** Cost of one call at a price: tokens × price per million / 1e6. */
export function priceTokens(
  price: ModelPrice,
  usage: { promptTokens: number; completionTokens: number },
): number {
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1e6;
}

function matchKey(table: PricesConfig, fullId: string, model: string): string | undefined {
  const keys = Object.keys(table.models);
  const lowerFull = fullId.toLowerCase();
  const lowerModel = model.toLowerCase();
  const exact =
    keys.find((key) => key.toLowerCase() === lowerFull) ??
    keys.find((key) => key.toLowerCase() === lowerModel);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of keys) {
    const lowerKey = key.toLowerCase();
    if (!lowerModel.startsWith(lowerKey)) continue;
    if (!sameModelSuffix.test(lowerModel.slice(lowerKey.length))) continue;
    if (best === undefined || key.length > best.length) best = key;
  }
  return best;
}
