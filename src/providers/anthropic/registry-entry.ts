import type { ProviderEntry } from '../provider-entry.js';

/** Claude through Anthropic's Messages API: answers and judging only. */
export const anthropicEntry: ProviderEntry = {
  locality: 'remote',
  description: 'Claude through the Anthropic Messages API (answer, judge, tuned)',
  settings: ['baseURL', 'apiKeyEnv', 'headers', 'contextSize', 'maxTokens', 'temperature'],
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
  pricing: { basis: 'price-table' },
};
