export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A server asking for a longer wait than this is not waited for: the error surfaces at once. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/**
 * Exponential back-off with full jitter (a uniform draw up to the exponential ceiling), which
 * spreads clients that failed together; a server's Retry-After wins over the draw.
 */
export function computeBackoffDelay(input: {
  attempt: number;
  policy: RetryPolicy;
  retryAfterMs?: number | undefined;
  random?: () => number;
}): number {
  if (input.retryAfterMs !== undefined) return input.retryAfterMs;
  const ceiling = Math.min(input.policy.maxDelayMs, input.policy.baseDelayMs * 2 ** input.attempt);
  return Math.floor((input.random ?? Math.random)() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
