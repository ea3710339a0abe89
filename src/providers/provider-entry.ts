import type { ModelSettings } from '../core/config/model-settings.js';
import type { ProviderDescription } from '../core/config/provider-catalog.js';
import type { EmbeddingModel, LanguageModel, Reranker } from './spec.js';

/**
 * What the registry knows about one provider (src/providers/registry.ts). Every field is
 * required, so an entry that forgets one is a type error; a kind of model the provider cannot
 * be is an explicit `null`, which the composition root turns into a clear PROVIDER_CONFIG error.
 */
export interface ProviderEntry extends ProviderDescription {
  /** answer, judge, tuned, and rerank with `retrieve.rerank.method: llm`. */
  languageModel: ProviderFactory<LanguageModel> | null;
  /** embed. */
  embeddingModel: ProviderFactory<EmbeddingModel> | null;
  /** rerank with `retrieve.rerank.method: cross-encoder`. */
  reranker: ProviderFactory<Reranker> | null;
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

export type PricingRule = ProviderDescription['pricing'];
