/**
 * generate — prompt templates, few-shot turns, context packing to the model's budget, and
 * citation verification. It turns chunks into an answer through a LanguageModel; it must not
 * retrieve, and must never show a citation that does not resolve to a passage it gave.
 */
export {
  type BuildPromptOptions,
  buildPrompt,
  CONTEXT_INSTRUCTIONS,
  DEFAULT_SYSTEM_PROMPT,
  type FewShotPair,
  renderPassages,
} from './build-prompt.js';
export { type AnswerResult, type GenerateAnswerOptions, generateAnswer } from './generate-answer.js';
export {
  formatPassageHeader,
  type PackContextOptions,
  type PackedContext,
  packContext,
  passageTokens,
} from './pack-context.js';
export { type VerifiedCitations, verifyCitations } from './verify-citations.js';
