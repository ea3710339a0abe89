/**
 * serve — the HTTP API (OpenAI-compatible chat completions with retrieval and citations, search,
 * ingest, eval runs, feedback) and the dashboard, on one Hono app. It composes the other stages
 * through their entry points and the injected store and models; it holds no retrieval or
 * generation logic of its own. It must never widen a key's reader (access is applied inside the
 * index query), never send a stack trace or a server path to a client, and never write an
 * upload half-way (names are checked before anything is written).
 */
export {
  ADMIN_GROUP,
  API_KEYS_ENV,
  type ApiKey,
  createKeyMatcher,
  LOCAL_OPERATOR,
  type Principal,
  parseApiKeysEnv,
  principalFor,
  REVIEWER_GROUP,
  resolveApiKeys,
} from './api-keys.js';
export { type CitationJson, handleChatCompletion, toCitationJson } from './chat-completions.js';
export { type ChatRequest, chatRequestSchema, readConversation } from './chat-request.js';
export { createServeApp } from './create-serve-app.js';
export { renderDashboardPage } from './dashboard-page.js';
export { type ErrorBody, scrubPaths, toErrorResponse } from './error-response.js';
export { listRuns, type RunDetail, type RunSummary, readRun } from './eval-runs.js';
export { createRateLimiter, type RateLimiter } from './rate-limiter.js';
export { type FeedbackRequest, feedbackRequestSchema } from './record-feedback.js';
export type { ServeDependencies, ServeEnv } from './serve-runtime.js';
export {
  listServedModels,
  type ServedArchitecture,
  type ServedModel,
  type ServeModels,
} from './served-models.js';
export { isLoopbackHost, type RunningServer, type StartServerOptions, startServer } from './start-server.js';
export { toUploadPath } from './upload-path.js';
