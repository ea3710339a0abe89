import type { KnowhowError } from '../../core/errors.js';
import type { Reranker, RerankRequest } from '../spec.js';
import { createCallPolicy, type ModelCallOptions } from './call-policy.js';
import { computeCacheKey } from './response-cache.js';

type RerankResult = Awaited<ReturnType<Reranker['doRerank']>>;

function isRerankResult(value: unknown): value is RerankResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as RerankResult).scores);
}

/** Adds retries, timeout, a concurrency limit, usage metering and the response cache to a reranker. */
export function wrapReranker(model: Reranker, options: ModelCallOptions = {}): Reranker {
  const policy = createCallPolicy(model, options);
  const { cache, meter } = policy;

  const record = (tokens: number, cached: boolean) =>
    meter?.record({
      provider: model.provider,
      model: model.modelId,
      promptTokens: tokens,
      completionTokens: 0,
      cached,
    });

  async function doRerank(request: RerankRequest): Promise<RerankResult> {
    const key =
      cache === undefined
        ? undefined
        : computeCacheKey({
            provider: model.provider,
            model: model.modelId,
            endpoint: policy.endpoint,
            kind: 'rerank',
            request,
          });
    if (cache !== undefined && key !== undefined) {
      const hit = await cache.get(key).catch(() => undefined);
      if (isRerankResult(hit)) {
        record(hit.usage?.tokens ?? 0, true);
        return hit;
      }
    }
    let result: RerankResult;
    try {
      result = await policy.run(request.signal, (signal) => model.doRerank({ ...request, signal }));
    } catch (error) {
      if ((error as KnowhowError).code !== 'CANCELLED') {
        meter?.recordFailure({ provider: model.provider, model: model.modelId });
      }
      throw error;
    }
    record(result.usage?.tokens ?? 0, false);
    if (cache !== undefined && key !== undefined) await cache.set(key, result).catch(() => {});
    return result;
  }

  return { provider: model.provider, modelId: model.modelId, doRerank };
}
