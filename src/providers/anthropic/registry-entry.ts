import { providerCatalog } from '../../core/config/provider-catalog.js';
import type { ProviderEntry } from '../provider-entry.js';

/** Claude through Anthropic's Messages API: answers and judging only. */
export const anthropicEntry: ProviderEntry = {
  ...providerCatalog.anthropic,
  languageModel: async ({ settings, configKey }) => {
    const { createAnthropicLanguageModel } = await import('./index.js');
    return createAnthropicLanguageModel({
      model: settings.model,
      configKey,
      baseURL: settings.baseURL,
      apiKeyEnv: settings.apiKeyEnv,
      headers: settings.headers,
      contextWindow: settings.contextSize,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
    });
  },
  embeddingModel: null,
  reranker: null,
};
