/**
 * The provider registry: the one list of providers knowhow can build models from. Adding a
 * provider is a folder `src/providers/<vendor>/` (its models behind the interfaces in spec.ts,
 * plus a `registry-entry.ts`) and one line below; the config schema's `provider` enum, the
 * factories the composition root (src/workspace) calls, and the pricing rule all come from here.
 * It must stay cheap to import (knowhow.yaml is validated against it on every command): entries
 * import their implementation only when a factory is first called.
 */
import { anthropicEntry } from './anthropic/registry-entry.js';
import { extractiveEntry } from './extractive/registry-entry.js';
import { llamaCppEntry } from './llama-cpp/registry-entry.js';
import { openAICompatibleEntry } from './openai-compatible/registry-entry.js';
import type { ProviderEntry } from './provider-entry.js';

export const providerRegistry = {
  'openai-compatible': openAICompatibleEntry,
  anthropic: anthropicEntry,
  'llama-cpp': llamaCppEntry,
  extractive: extractiveEntry,
} as const satisfies Record<string, ProviderEntry>;

export type ProviderName = keyof typeof providerRegistry;

/** Every provider name, in the registry's order (what knowhow.yaml's `provider:` accepts). */
export const providerNames = Object.keys(providerRegistry) as [ProviderName, ...ProviderName[]];

/** Providers whose calls have no per-token price unless prices.models names one. */
export const localProviderNames: readonly ProviderName[] = providerNames.filter(
  (name) => providerRegistry[name].pricing.basis === 'local',
);

export function isProviderName(value: string): value is ProviderName {
  return Object.hasOwn(providerRegistry, value);
}

/** The providers that can be a given kind of model, for hints ("use openai-compatible or llama-cpp"). */
export function providersFor(kind: 'languageModel' | 'embeddingModel' | 'reranker'): ProviderName[] {
  return providerNames.filter((name) => providerRegistry[name][kind] !== null);
}
