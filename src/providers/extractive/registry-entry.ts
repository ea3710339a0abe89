import { providerCatalog } from '../../core/config/provider-catalog.js';
import type { ProviderEntry } from '../provider-entry.js';

/** No model: quotes sentences from the retrieved passages (what runs when nothing is configured). */
export const extractiveEntry: ProviderEntry = {
  ...providerCatalog.extractive,
  languageModel: async () => {
    const { createExtractiveLanguageModel } = await import('./index.js');
    return createExtractiveLanguageModel();
  },
  embeddingModel: null,
  reranker: null,
};
