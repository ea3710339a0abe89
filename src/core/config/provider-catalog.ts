/**
 * What knowhow.yaml may say about each provider: its name, where it runs, the `models.<role>`
 * settings it reads, how its calls are priced and one line for hints. Pure data, so the config
 * schema (core) validates `provider:` without importing any provider: the browser bundles that
 * read config types stay free of Node built-ins, and core depends on nothing above it.
 * The factories that build models live beside each provider (src/providers/<vendor>/registry-entry.ts);
 * src/providers/registry.ts pairs each name here with its factories, and a name without them is
 * a type error there.
 */
import type { ModelSettingName } from './model-settings.js';

export interface ProviderDescription {
  /**
   * remote: an HTTP API (a key, a price per token). local: a model run inside this process.
   * built-in: no model at all (the extractive answerer) — never wrapped, metered or cached.
   */
  locality: 'remote' | 'local' | 'built-in';
  /** The `models.<role>` settings it reads besides `model`; knowhow.yaml may set no other. */
  settings: readonly ModelSettingName[];
  /**
   * `price-table`: per token from `prices.models` and the built-in dated table. `local`: it runs
   * on the team's machine, so no per-token price unless `prices.models` names one.
   */
  pricing: { basis: 'price-table' | 'local' };
  /** One line for hints that list providers. */
  description: string;
}

export const providerCatalog = {
  'openai-compatible': {
    locality: 'remote',
    description:
      'the OpenAI HTTP API and servers that copy it: OpenAI, vLLM, Ollama, llama.cpp server, Together, Groq, LM Studio (every role; rerank needs /rerank)',
    settings: ['baseURL', 'apiKeyEnv', 'headers', 'contextSize', 'maxTokens', 'temperature'],
    pricing: { basis: 'price-table' },
  },
  anthropic: {
    locality: 'remote',
    description: 'Claude through the Anthropic Messages API (answer, judge, tuned)',
    settings: ['baseURL', 'apiKeyEnv', 'headers', 'contextSize', 'maxTokens', 'temperature'],
    pricing: { basis: 'price-table' },
  },
  'llama-cpp': {
    locality: 'local',
    description: 'GGUF files or hf: URIs run in-process by node-llama-cpp (every role; LoRA adapters)',
    settings: ['contextSize', 'lora', 'maxTokens', 'temperature'],
    pricing: { basis: 'local' },
  },
  extractive: {
    locality: 'built-in',
    description: 'no model: quotes sentences from the retrieved passages (answer only)',
    settings: [],
    pricing: { basis: 'local' },
  },
} as const satisfies Record<string, ProviderDescription>;

export type ProviderName = keyof typeof providerCatalog;

/** Every provider name, in the catalog's order (what knowhow.yaml's `provider:` accepts). */
export const providerNames = Object.keys(providerCatalog) as [ProviderName, ...ProviderName[]];

/** Providers whose calls have no per-token price unless prices.models names one. */
export const localProviderNames: readonly ProviderName[] = providerNames.filter(
  (name) => providerCatalog[name].pricing.basis === 'local',
);

export function isProviderName(value: string): value is ProviderName {
  return Object.hasOwn(providerCatalog, value);
}
