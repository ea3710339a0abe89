/**
 * The shared provider layer: what every model gets in one place rather than per provider —
 * retries with back-off and jitter that honour Retry-After, per-call timeouts, a concurrency
 * limit, cancellation, token and cost accounting against a dated price table, and an on-disk
 * response cache keyed on the whole request (never on the API key). Plus the HTTP and SSE
 * plumbing and the error mapping the remote providers share.
 * It must not know any concrete provider's protocol, and must never store or log credentials.
 */

export { defaultPrices } from '../../core/default-prices.js';
export { resolveApiKey } from './api-key.js';
export { defaultRetryPolicy, type RetryPolicy } from './backoff.js';
export {
  type CallPolicy,
  createCallPolicy,
  defaultConcurrency,
  defaultTimeoutMs,
  type ModelCallOptions,
} from './call-policy.js';
export { type ConcurrencyLimiter, createConcurrencyLimiter } from './concurrency-limiter.js';
export { postForEvents, postJson, readCappedText } from './http.js';
export { measureProviderOverhead, type ProviderOverheadResult } from './measure-overhead.js';
export {
  extractErrorMessage,
  isRetryableError,
  type ProviderCallContext,
  type ProviderErrorDetails,
  retryAfterMsOf,
  summarizeBody,
} from './provider-error.js';
export {
  type CacheKind,
  computeCacheKey,
  createDiskResponseCache,
  createMemoryResponseCache,
  type ResponseCache,
} from './response-cache.js';
export { parseRetryAfter } from './retry-after.js';
export {
  computeCost,
  createUsageMeter,
  findPrice,
  type ModelUsage,
  type UsageMeter,
  type UsageTotals,
} from './usage-meter.js';
export { wrapEmbeddingModel } from './wrap-embedding-model.js';
export { wrapLanguageModel } from './wrap-language-model.js';
export { wrapReranker } from './wrap-reranker.js';
