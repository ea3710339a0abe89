import type { ModelSettings } from '../../core/config/model-settings.js';
import { providerCatalog } from '../../core/config/provider-catalog.js';
import type { ProviderEntry } from '../provider-entry.js';

function connectionOf(settings: ModelSettings, configKey: string) {
  return {
    model: settings.model,
    configKey,
    baseURL: settings.baseURL,
    apiKeyEnv: settings.apiKeyEnv,
    headers: settings.headers,
  };
}

/** The OpenAI HTTP API and the servers that copy it: every kind of model. */
export const openAICompatibleEntry: ProviderEntry = {
  ...providerCatalog['openai-compatible'],
  languageModel: async ({ settings, configKey }) => {
    const { createOpenAICompatibleLanguageModel } = await import('./index.js');
    return createOpenAICompatibleLanguageModel({
      ...connectionOf(settings, configKey),
      contextWindow: settings.contextSize,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
    });
  },
  embeddingModel: async ({ settings, configKey }) => {
    const { createOpenAICompatibleEmbeddingModel } = await import('./index.js');
    return createOpenAICompatibleEmbeddingModel(connectionOf(settings, configKey));
  },
  reranker: async ({ settings, configKey }) => {
    const { createOpenAICompatibleReranker } = await import('./index.js');
    return createOpenAICompatibleReranker(connectionOf(settings, configKey));
  },
};
