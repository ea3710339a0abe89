import { localProviderNames, type PricesConfig, providerNames } from '../core/config/schema.js';

export type ModelPrice = PricesConfig['models'][string];

export interface PriceMatch {
  price: ModelPrice;
  /** The table key that matched; `local` for models run on the team's machine. */
  key: string;
  source: 'config' | 'built-in' | 'local';
  /** The table's asOf date (empty for local models). */
  asOf: string;
}

/**
 * Finds a model's price: knowhow.yaml's table first, then the built-in one (local providers price at zero unless configured). Tries the full
 * `provider:model` id, the bare model id, then the longest key that prefixes the model id at a
 * `-`, `:` or `@` boundary (dated snapshots find their family).
 */
export function lookUpPrice(
  modelId: string,
  tables: { config: PricesConfig; builtIn: PricesConfig | undefined },
): PriceMatch | undefined {
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

export function splitModelId(modelId: string): { provider: string | undefined; model: string } {
  const colon = modelId.indexOf(':');
  if (colon > 0) {
    const provider = modelId.slice(0, colon);
    if (knownProviders.includes(provider)) return { provider, model: modelId.slice(colon + 1) };
  }
  return { provider: undefined, model: modelId };
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
    const next = lowerModel.charAt(lowerKey.length);
    if (next !== '-' && next !== ':' && next !== '@') continue;
    if (best === undefined || key.length > best.length) best = key;
  }
  return best;
}

/**
 * Providers that run on the team's own machine: no per-token price (hosting is priced separately).
 * From each provider's pricing rule in the registry.
 */
export const localProviders: readonly string[] = localProviderNames;

/** Provider prefixes of `provider:model` ids (the eval row's `model` field): the registry's names. */
export const knownProviders: readonly string[] = providerNames;
