import type { ProviderEntry } from '../provider-entry.js';

/** No model: quotes sentences from the retrieved passages (what runs when nothing is configured). */
export const extractiveEntry: ProviderEntry = {
  locality: 'built-in',
  description: 'no model: quotes sentences from the retrieved passages (answer only)',
  settings: [],
  languageModel: async () => {
    const { createExtractiveLanguageModel } = await import('./index.js');
    return createExtractiveLanguageModel();
  },
  embeddingModel: null,
  reranker: null,
  pricing: { basis: 'local' },
};
