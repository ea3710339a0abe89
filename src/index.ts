/**
 * knowhow's library root: the operations the CLI runs, on the same workspace (src/workspace) —
 * `ingest`, `search`, `ask`, `evaluate`, `diagnose`, `createServer`, and `openWorkspace` for a
 * handle that keeps the index open between calls. Each stage's own API is a subpath:
 * `knowhow/retrieve`, `knowhow/eval`, `knowhow/ingest`, … (package.json `exports`).
 * Only what a caller of these functions needs is exported here; no internal helper.
 */

export type { KnowhowConfig, ModelRef } from './core/config/schema.js';
export { type ErrorCode, errorCodes } from './core/error-codes.js';
export { KnowhowError } from './core/errors.js';
export type { ReportData } from './core/report-types.js';
export {
  type Chunk,
  type Citation,
  EVERYONE,
  PUBLIC_READER,
  type Reader,
  type RetrievalMode,
  type SearchHit,
} from './core/types.js';
export type { Diagnosis } from './decide/index.js';
export type { EvalRunResult } from './eval/index.js';
export type { AnswerResult } from './generate/index.js';
export type { IngestSummary } from './ingest/index.js';
export {
  type AskCallOptions,
  ask,
  type CreateServerOptions,
  createServer,
  type DiagnoseCallOptions,
  diagnose,
  type EvaluateCallOptions,
  evaluate,
  type IngestCallOptions,
  ingest,
  type OptimizeCallOptions,
  openWorkspace,
  optimize,
  type SearchCallOptions,
  type SearchResultHits,
  search,
  type WorkspaceOptions,
} from './library.js';
export type {
  EvaluateResult,
  OpenWorkspaceOptions,
  Workspace,
  WorkspaceAnswer,
  WorkspaceAskOptions,
  WorkspaceIngestOptions,
  WorkspaceOptimizeResult,
  WorkspaceSearchOptions,
  WorkspaceServer,
} from './workspace/index.js';
