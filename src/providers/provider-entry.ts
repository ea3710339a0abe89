import type { ModelSettingName, ModelSettings } from '../core/config/model-settings.js';
import type { EmbeddingModel, LanguageModel, Reranker } from './spec.js';

/**
 * What the registry knows about one provider (src/providers/registry.ts). Every field is
 * required, so an entry that forgets one is a type error; a kind of model the provider cannot
 * be is an explicit `null`, which the composition root turns into a clear PROVIDER_CONFIG error.
 */
export interface ProviderEntry {
  /**
   * remote: an HTTP API (a key, a price per token). local: a model run inside this process.
   * built-in: no model at all (the extractive answerer) — never wrapped, metered or cached.
   */
  locality: 'remote' | 'local' | 'built-in';
  /** The `models.<role>` settings it reads besides `model`; knowhow.yaml may set no other. */
  settings: readonly ModelSettingName[];
  /** answer, judge, tuned, and rerank with `retrieve.rerank.method: llm`. */
  languageModel: ProviderFactory<LanguageModel> | null;
  /** embed. */
  embeddingModel: ProviderFactory<EmbeddingModel> | null;
  /** rerank with `retrieve.rerank.method: cross-encoder`. */
  reranker: ProviderFactory<Reranker> | null;
  pricing: PricingRule;
  /** One line for hints that list providers. */
  description: string;
}

/** What a factory receives: the validated `models.<role>` entry and where it was configured. */
export interface ProviderFactoryInput {
  settings: ModelSettings;
  /** `models.answer`: named in errors and hints. */
  configKey: string;
  /** What relative model paths are relative to: the folder of knowhow.yaml. */
  baseDirectory: string;
}

/** Factories import their implementation when first called, so that loading the registry stays cheap. */
export type ProviderFactory<T> = (input: ProviderFactoryInput) => Promise<T>;

/**
 * How this provider's calls are priced. `price-table`: per token from `prices.models` and the
 * built-in dated table. `local`: it runs on the team's machine, so no per-token price unless
 * `prices.models` names one (to price it as a hosted equivalent).
 */
export interface PricingRule {
  basis: 'price-table' | 'local';
}
