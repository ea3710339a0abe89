import type { KnowhowError } from '../../core/errors.js';
import type { EmbeddingModel, EmbedRequest, EmbedResult } from '../spec.js';
import { createCallPolicy, type ModelCallOptions } from './call-policy.js';
import { computeCacheKey } from './response-cache.js';

interface CachedEmbedding {
  embeddings: number[][];
  usage: { tokens: number };
}

function isCachedEmbedding(value: unknown): value is CachedEmbedding {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<CachedEmbedding>;
  return Array.isArray(entry.embeddings) && typeof entry.usage?.tokens === 'number';
}

/** Adds retries, timeout, a concurrency limit, usage metering and the response cache to an embedding model. */
export function wrapEmbeddingModel(model: EmbeddingModel, options: ModelCallOptions = {}): EmbeddingModel {
  const policy = createCallPolicy(model, options);
  const { cache, meter } = policy;
  let dimensionsFromCache: number | undefined;

  const record = (tokens: number, cached: boolean) =>
    meter?.record({
      provider: model.provider,
      model: model.modelId,
      promptTokens: tokens,
      completionTokens: 0,
      cached,
    });

  async function doEmbed(request: EmbedRequest): Promise<EmbedResult> {
    const key =
      cache === undefined
        ? undefined
        : computeCacheKey({
            provider: model.provider,
            model: model.modelId,
            endpoint: policy.endpoint,
            kind: 'embedding',
            request,
          });
    if (cache !== undefined && key !== undefined) {
      const hit = await cache.get(key).catch(() => undefined);
      if (isCachedEmbedding(hit)) {
        dimensionsFromCache ??= hit.embeddings[0]?.length;
        record(hit.usage.tokens, true);
        return { ...hit, cached: true };
      }
    }
    let result: EmbedResult;
    try {
      result = await policy.run(request.signal, (signal) => model.doEmbed({ ...request, signal }));
    } catch (error) {
      if ((error as KnowhowError).code !== 'CANCELLED') {
        meter?.recordFailure({ provider: model.provider, model: model.modelId });
      }
      throw error;
    }
    record(result.usage.tokens, false);
    if (cache !== undefined && key !== undefined) {
      await cache.set(key, { embeddings: result.embeddings, usage: result.usage }).catch(() => {});
    }
    return result;
  }

  return {
    provider: model.provider,
    modelId: model.modelId,
    get dimensions() {
      return model.dimensions ?? dimensionsFromCache;
    },
    get maxBatchSize() {
      return model.maxBatchSize;
    },
    doEmbed,
  };
}
