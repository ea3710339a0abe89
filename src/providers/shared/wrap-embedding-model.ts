import type { EmbeddingModel, EmbedRequest, EmbedResult } from '../spec.js';
import { createCallPolicy, type ModelCallOptions } from './call-policy.js';
import { runCachedCall } from './run-cached-call.js';

function isCachedEmbedding(value: unknown): value is EmbedResult {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<EmbedResult>;
  return Array.isArray(entry.embeddings) && typeof entry.usage?.tokens === 'number';
}

/** Adds retries, timeout, a concurrency limit, usage metering and the response cache to an embedding model. */
export function wrapEmbeddingModel(model: EmbeddingModel, options: ModelCallOptions = {}): EmbeddingModel {
  const policy = createCallPolicy(model, options);
  let dimensionsFromCache: number | undefined;

  async function doEmbed(request: EmbedRequest): Promise<EmbedResult> {
    const { result, cached } = await runCachedCall({
      model,
      policy,
      kind: 'embedding',
      request,
      isResult: isCachedEmbedding,
      call: (signal) => model.doEmbed({ ...request, signal }),
      tokensOf: (embedded) => embedded.usage.tokens,
      toStored: (embedded) => ({ embeddings: embedded.embeddings, usage: embedded.usage }),
    });
    if (!cached) return result;
    dimensionsFromCache ??= result.embeddings[0]?.length;
    return { ...result, cached: true };
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
