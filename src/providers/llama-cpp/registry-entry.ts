import type { ModelSettings } from '../../core/config/model-settings.js';
import { providerCatalog } from '../../core/config/provider-catalog.js';
import type { ProviderEntry, ProviderFactoryInput } from '../provider-entry.js';

function modelOptionsOf({ settings, configKey, baseDirectory }: ProviderFactoryInput) {
  return {
    model: settings.model,
    baseDirectory,
    configKey,
    ...(settings.contextSize ? { contextSize: settings.contextSize } : {}),
    ...(settings.lora ? { lora: settings.lora } : {}),
  };
}

function generationOf(settings: ModelSettings) {
  return {
    ...(settings.maxTokens ? { maxTokens: settings.maxTokens } : {}),
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
  };
}

/** GGUF models inside this process through node-llama-cpp: every kind of model, LoRA adapters included. */
export const llamaCppEntry: ProviderEntry = {
  ...providerCatalog['llama-cpp'],
  languageModel: async (input) => {
    const { createLlamaCppLanguageModel } = await import('./index.js');
    return createLlamaCppLanguageModel({ ...modelOptionsOf(input), ...generationOf(input.settings) });
  },
  embeddingModel: async (input) => {
    const { createLlamaCppEmbeddingModel } = await import('./index.js');
    const model = createLlamaCppEmbeddingModel(modelOptionsOf(input));
    // The index schema needs the vector size before the first write.
    await model.load();
    return model;
  },
  reranker: async (input) => {
    const { createLlamaCppReranker } = await import('./index.js');
    return createLlamaCppReranker(modelOptionsOf(input));
  },
};
