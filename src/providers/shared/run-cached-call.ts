import type { KnowhowError } from '../../core/errors.js';
import type { CallPolicy } from './call-policy.js';
import { computeCacheKey } from './response-cache.js';

export interface CachedCallOptions<R> {
  model: { provider: string; modelId: string };
  policy: CallPolicy;
  kind: 'embedding' | 'rerank';
  request: { signal?: AbortSignal };
  /** Guards what the cache returns: an entry of another shape (an older version) is a miss. */
  isResult: (value: unknown) => value is R;
  call: (signal: AbortSignal) => Promise<R>;
  /** Tokens to meter for a result (embeddings and rerankers count prompt tokens only). */
  tokensOf: (result: R) => number;
  /** What the cache keeps of a result; the whole result by default. */
  toStored?: (result: R) => unknown;
}

/**
 * One non-streaming model call through the shared layer: the response cache first, then the
 * policy (retries, timeout, concurrency), then metering and the cache write. Cache failures are
 * misses, never errors: a full disk must not fail an eval.
 */
export async function runCachedCall<R>(
  options: CachedCallOptions<R>,
): Promise<{ result: R; cached: boolean }> {
  const { model, policy } = options;
  const record = (tokens: number, cached: boolean) =>
    policy.meter?.record({
      provider: model.provider,
      model: model.modelId,
      promptTokens: tokens,
      completionTokens: 0,
      cached,
    });
  const key =
    policy.cache === undefined
      ? undefined
      : computeCacheKey({
          provider: model.provider,
          model: model.modelId,
          endpoint: policy.endpoint,
          kind: options.kind,
          request: options.request,
        });
  if (policy.cache !== undefined && key !== undefined) {
    const hit = await policy.cache.get(key).catch(() => undefined);
    if (options.isResult(hit)) {
      record(options.tokensOf(hit), true);
      return { result: hit, cached: true };
    }
  }
  let result: R;
  try {
    result = await policy.run(options.request.signal, options.call);
  } catch (error) {
    if ((error as KnowhowError).code !== 'CANCELLED') {
      policy.meter?.recordFailure({ provider: model.provider, model: model.modelId });
    }
    throw error;
  }
  record(options.tokensOf(result), false);
  if (policy.cache !== undefined && key !== undefined) {
    await policy.cache.set(key, options.toStored ? options.toStored(result) : result).catch(() => {});
  }
  return { result, cached: false };
}
