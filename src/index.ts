/**
 * knowhow's library entry. The CLI and the server are built on exactly these functions:
 * `ingest`, `search` and `ask` for everyday use, and each stage's own API below them.
 */

export { chunkDocument, splitSentences } from './chunk/index.js';
export type * from './core/case-types.js';
export { type LoadedConfig, loadConfig, parseConfigText } from './core/config/load-config.js';
export * from './core/config/schema.js';
export { defaultPrices } from './core/default-prices.js';
export * from './core/error-codes.js';
export * from './core/errors.js';
export type * from './core/eval-types.js';
export type * from './core/feedback-types.js';
export type * from './core/index-store.js';
export type * from './core/report-types.js';
export * from './core/types.js';
export * from './decide/index.js';
export { runChecks } from './eval/checks/run-checks.js';
export { loadCases } from './eval/load-cases.js';
export { loadExamples } from './eval/load-examples.js';
export { type EvalEnvironment, type RunEvalOptions, readRows, runEval } from './eval/run-eval.js';
export * from './generate/index.js';
export { LanceIndexStore, type LanceIndexStoreOptions } from './index/index.js';
export { type IngestFailure, type LoadOutcome, loadDocuments } from './ingest/load-documents.js';
export { type IngestOptions, type IngestSummary, runIngest } from './ingest/run-ingest.js';
export {
  type AskCallOptions,
  ask,
  type IngestCallOptions,
  ingest,
  type SearchCallOptions,
  search,
  type WorkspaceOptions,
} from './library.js';
export { createAnthropicLanguageModel } from './providers/anthropic/index.js';
export { createExtractiveLanguageModel } from './providers/extractive/index.js';
export {
  createLlamaCppEmbeddingModel,
  createLlamaCppLanguageModel,
  createLlamaCppReranker,
} from './providers/llama-cpp/index.js';
export {
  createOpenAICompatibleEmbeddingModel,
  createOpenAICompatibleLanguageModel,
} from './providers/openai-compatible/index.js';
export {
  createDiskResponseCache,
  createUsageMeter,
  wrapEmbeddingModel,
  wrapLanguageModel,
  wrapReranker,
} from './providers/shared/index.js';
export type * from './providers/spec.js';
export { renderHtmlReport, renderTerminalSummary } from './report/index.js';
export * from './retrieve/index.js';
export { createServeApp, startServer } from './serve/index.js';
