/**
 * The provider registry: each provider named in core's catalog paired with the factories
 * that build its models. Adding a provider is a folder `src/providers/<vendor>/` (its models behind
 * the interfaces in spec.ts, plus a `registry-entry.ts`), its line in
 * src/core/config/provider-catalog.ts (name, settings, pricing) and one line below (a catalog name
 * without one is a type error); the config schema's `provider` enum, the
 * factories the composition root (src/workspace) calls, and the pricing rule come from the catalog and here.
 * It must stay cheap to import (knowhow.yaml is validated against it on every command): entries
 * import their implementation only when a factory is first called.
 */

import {
  isProviderName,
  localProviderNames,
  type ProviderName,
  providerNames,
} from '../core/config/provider-catalog.js';
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
} as const satisfies Record<ProviderName, ProviderEntry>;

export { isProviderName, localProviderNames, type ProviderName, providerNames };

/** The providers that can be a given kind of model, for hints ("use openai-compatible or llama-cpp"). */
export function providersFor(kind: 'languageModel' | 'embeddingModel' | 'reranker'): ProviderName[] {
  return providerNames.filter((name) => providerRegistry[name][kind] !== null);
}
