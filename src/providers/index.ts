/**
 * providers — every model behind the interfaces in spec.ts, one folder per vendor, listed in the
 * registry (registry.ts), plus the shared layer (retries, timeouts, concurrency, cache, usage)
 * that wraps each of them. Entry file for `knowhow/providers`.
 */
export { createAnthropicLanguageModel } from './anthropic/index.js';
export { createExtractiveLanguageModel, EXTRACTIVE_LABEL } from './extractive/index.js';
export {
  createLlamaCppEmbeddingModel,
  createLlamaCppLanguageModel,
  createLlamaCppReranker,
} from './llama-cpp/index.js';
export {
  createOpenAICompatibleEmbeddingModel,
  createOpenAICompatibleLanguageModel,
  createOpenAICompatibleReranker,
} from './openai-compatible/index.js';
export type { PricingRule, ProviderEntry, ProviderFactory, ProviderFactoryInput } from './provider-entry.js';
export {
  isProviderName,
  type ProviderName,
  providerNames,
  providerRegistry,
  providersFor,
} from './registry.js';
export {
  computeCost,
  createDiskResponseCache,
  createMemoryResponseCache,
  createUsageMeter,
  defaultPrices,
  type ModelCallOptions,
  type ResponseCache,
  type UsageMeter,
  wrapEmbeddingModel,
  wrapLanguageModel,
  wrapReranker,
} from './shared/index.js';
export type * from './spec.js';
