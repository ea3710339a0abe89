/**
 * workspace — the composition root. From a loaded knowhow.yaml it opens the index store (through
 * the one engine table, index-engines.ts; lazily, held open until close()), builds every model
 * through the provider registry (select-providers.ts), and derives what the stages are run with:
 * retrieval settings, chunk options, the eval environment, the serve dependencies, the current
 * tuned model and the run-folder layout. The library (src/library.ts), every CLI command,
 * `serve`, `demo` and the benchmarks get their wiring here and nowhere else, so two callers can
 * no longer wire a stage two ways.
 *
 * It must hold no stage logic (it composes stage entry points), must not import from `cli`, must
 * not print, and must not read a setting that one of its builders already reads (add a builder
 * instead). Concrete providers and stores are chosen only in select-providers.ts and
 * index-engines.ts.
 */
export { answerModelFromEnvironment, answerModelVariables } from './answer-model-from-environment.js';
export { type ChunkOptions, chunkOptionsFor } from './chunk-options.js';
export { type CurrentTunedModel, readTunedModels, type TunedModels } from './current-tuned-model.js';
export {
  createEvalEnvironment,
  createEvalModels,
  type DiagnoseOptions,
  diagnose,
  type EvalModels,
  type EvaluateOptions,
  type EvaluateResult,
  evaluate,
  evaluateAndReport,
  type LoadedSuite,
  loadSuite,
  reportRun,
} from './eval-session.js';
export {
  type EngineStore,
  type IndexDatabase,
  type IndexEngine,
  indexEngineFor,
  indexEngines,
  type OpenIndexOptions,
} from './index-engines.js';
export {
  createWorkspace,
  type OpenWorkspaceOptions,
  openWorkspace,
  type ReaderOptions,
  readerFrom,
  type Workspace,
  type WorkspaceAnswer,
  type WorkspaceAskOptions,
  type WorkspaceIngestOptions,
  type WorkspaceOptimizeResult,
  type WorkspaceOverrides,
  type WorkspaceSearchOptions,
} from './open-workspace.js';
export { effectivePrices, type ModelRole, resolveEmbeddingDimensions } from './select-providers.js';
export {
  createServeDependencies,
  type ServeWorkspaceOptions,
  serveWorkspace,
  type WorkspaceServeDependencies,
  type WorkspaceServer,
} from './serve-workspace.js';
export { type WorkspacePaths, workspacePathsFor } from './workspace-paths.js';
