export {
  createExtractiveLanguageModel,
  EXTRACTIVE_LABEL,
  type ExtractiveOptions,
  NO_CONTEXT_ANSWER,
  NOT_FOUND_ANSWER,
} from './create-extractive-language-model.js';
