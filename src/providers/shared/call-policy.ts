import { KnowhowError, toKnowhowError } from '../../core/errors.js';
import { createAttemptSignal } from './attempt-signal.js';
import { computeBackoffDelay, defaultRetryPolicy, type RetryPolicy, sleep } from './backoff.js';
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  type ReleaseSlot,
} from './concurrency-limiter.js';
import {
  createProviderTimeoutError,
  isRetryableError,
  type ProviderCallContext,
  retryAfterMsOf,
} from './provider-error.js';
import type { ResponseCache } from './response-cache.js';
import type { UsageMeter } from './usage-meter.js';

/** What the shared layer adds around any model; every field is optional. */
export interface ModelCallOptions {
  retry?: Partial<RetryPolicy>;
  /** Per attempt; for streams, the longest wait for the next part. Default 120 s. */
  timeoutMs?: number;
  /** Calls in flight at once for this model. Default 8. Ignored when `limiter` is given. */
  concurrency?: number;
  /** A limiter shared by several models that sit on one server. */
  limiter?: ConcurrencyLimiter;
  cache?: ResponseCache;
  meter?: UsageMeter;
  /** knowhow.yaml section of this model, e.g. `models.answer`, named in hints. */
  configKey?: string;
  /** Part of the cache key; defaults to the model's `baseURL` when it has one. */
  endpoint?: string;
  /** For tests: the jitter source. */
  random?: () => number;
  /** For tests: the pause between attempts (default: a timer that a cancellation interrupts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const defaultTimeoutMs = 120_000;
export const defaultConcurrency = 8;

export interface CallPolicy {
  readonly context: ProviderCallContext;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly cache: ResponseCache | undefined;
  readonly meter: UsageMeter | undefined;
  readonly endpoint: string | undefined;
  acquire(signal: AbortSignal | undefined): Promise<ReleaseSlot>;
  /** Turns what an attempt threw into the error to report: cancellation and timeout are decided here, not by the provider. */
  classify(error: unknown, state: { timedOut: boolean; callerSignal: AbortSignal | undefined }): KnowhowError;
  /** The wait before the next attempt, or undefined when this error must surface now. */
  delayBeforeRetry(error: KnowhowError, attempt: number): number | undefined;
  /** Sleeps between attempts; a cancellation while waiting becomes CANCELLED. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void>;
  /** Runs `call` with timeout, retries and a concurrency slot. */
  run<T>(signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

function readEndpoint(model: object): string | undefined {
  const value = (model as { baseURL?: unknown }).baseURL;
  return typeof value === 'string' ? value : undefined;
}

export function createCallPolicy(
  model: { provider: string; modelId: string },
  options: ModelCallOptions,
): CallPolicy {
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const limiter = options.limiter ?? createConcurrencyLimiter(options.concurrency ?? defaultConcurrency);
  const endpoint = options.endpoint ?? readEndpoint(model);
  const context: ProviderCallContext = {
    provider: model.provider,
    model: model.modelId,
    configKey: options.configKey ?? 'models',
    ...(endpoint === undefined ? {} : { baseURL: endpoint }),
  };

  const cancelled = (cause: unknown) =>
    new KnowhowError('CANCELLED', `${context.provider} model "${context.model}": the call was cancelled.`, {
      cause,
      details: { provider: context.provider, model: context.model, retryable: false },
    });

  const policy: CallPolicy = {
    context,
    retry,
    timeoutMs,
    cache: options.cache,
    meter: options.meter,
    endpoint,
    async acquire(signal) {
      try {
        return await limiter.acquire(signal);
      } catch (error) {
        throw cancelled(error);
      }
    },
    classify(error, state) {
      if (state.callerSignal?.aborted) {
        return KnowhowError.isInstance(error) && error.code === 'CANCELLED' ? error : cancelled(error);
      }
      if (state.timedOut) return createProviderTimeoutError(context, { timeoutMs, cause: error });
      return toKnowhowError(error);
    },
    delayBeforeRetry(error, attempt) {
      if (attempt >= retry.maxRetries || !isRetryableError(error)) return undefined;
      const retryAfterMs = retryAfterMsOf(error);
      if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) return undefined;
      return computeBackoffDelay({
        attempt,
        policy: retry,
        retryAfterMs,
        ...(options.random === undefined ? {} : { random: options.random }),
      });
    },
    async wait(ms, signal) {
      try {
        await (options.sleep ?? sleep)(ms, signal);
      } catch (error) {
        throw cancelled(error);
      }
    },
    async run(callerSignal, call) {
      const release = await policy.acquire(callerSignal);
      try {
        for (let attempt = 0; ; attempt++) {
          const attemptSignal = createAttemptSignal({ callerSignal, timeoutMs });
          let failure: KnowhowError;
          try {
            return await call(attemptSignal.signal);
          } catch (error) {
            failure = policy.classify(error, { timedOut: attemptSignal.timedOut, callerSignal });
          } finally {
            attemptSignal.dispose();
          }
          const delay = policy.delayBeforeRetry(failure, attempt);
          if (delay === undefined) throw noteAttempts(failure, attempt + 1);
          await policy.wait(delay, callerSignal);
        }
      } finally {
        release();
      }
    },
  };
  return policy;
}

/** Records how many attempts were made, so a report can tell "failed once" from "failed after retries". */
export function noteAttempts(error: KnowhowError, attempts: number): KnowhowError {
  if (attempts > 1) error.details.attempts = attempts;
  return error;
}
