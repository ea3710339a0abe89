export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until one request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

/**
 * A token bucket per key: `perMinute` requests may arrive in a burst, then they refill evenly.
 * Buckets exist only for configured keys (plus the local operator), so memory stays bounded.
 */
export function createRateLimiter(options: { perMinute: number; now?: () => number }): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const capacity = options.perMinute;
  const refillPerMs = options.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; updated: number }>();
  return {
    take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, updated: time };
      bucket.tokens = Math.min(capacity, bucket.tokens + (time - bucket.updated) * refillPerMs);
      bucket.updated = time;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)),
        remaining: 0,
      };
    },
  };
}
