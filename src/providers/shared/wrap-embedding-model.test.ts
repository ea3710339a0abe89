import { describe, expect, it } from 'vitest';
import { KnowhowError } from '../../core/errors.js';
import type { EmbeddingModel, EmbedRequest } from '../spec.js';
import { createProviderHttpError } from './provider-error.js';
import { createMemoryResponseCache } from './response-cache.js';
import { createUsageMeter } from './usage-meter.js';
import { wrapEmbeddingModel } from './wrap-embedding-model.js';

/** An in-process model that fails `failures` times with a 503 before answering. */
function createFlakyEmbedder(failures: number) {
  const calls: EmbedRequest[] = [];
  let dimensions: number | undefined;
  const model: EmbeddingModel = {
    provider: 'fake',
    modelId: 'embed-1',
    get dimensions() {
      return dimensions;
    },
    maxBatchSize: 16,
    async doEmbed(request) {
      calls.push(request);
      if (calls.length <= failures) {
        throw createProviderHttpError(
          { provider: 'fake', model: 'embed-1', configKey: 'models.embed' },
          { status: 503, bodyText: '' },
        );
      }
      dimensions = 2;
      return {
        embeddings: request.values.map((value) => [value.length, 1]),
        usage: { tokens: request.values.length },
      };
    },
  };
  return { model, calls };
}

describe('wrapEmbeddingModel', () => {
  it('retries, meters and caches, passing a signal to the model', async () => {
    const { model, calls } = createFlakyEmbedder(1);
    const meter = createUsageMeter({
      prices: {
        asOf: '2026-01-01',
        currency: 'USD',
        models: { 'embed-1': { inputPerMillion: 1, outputPerMillion: 0 } },
      },
    });
    const wrapped = wrapEmbeddingModel(model, {
      retry: { baseDelayMs: 1 },
      cache: createMemoryResponseCache(),
      meter,
    });
    expect(wrapped.maxBatchSize).toBe(16);
    const first = await wrapped.doEmbed({ values: ['ab', 'c'] });
    expect(first).toEqual({
      embeddings: [
        [2, 1],
        [1, 1],
      ],
      usage: { tokens: 2 },
    });
    expect(wrapped.dimensions).toBe(2);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.signal).toBeInstanceOf(AbortSignal);
    expect(await wrapped.doEmbed({ values: ['ab', 'c'] })).toEqual({ ...first, cached: true });
    expect(await wrapped.doEmbed({ values: ['ab', 'c'], purpose: 'query' })).not.toHaveProperty('cached');
    expect(calls).toHaveLength(3);
    expect(meter.totals()).toMatchObject({ calls: 3, cachedCalls: 1, promptTokens: 4, cost: 4 / 1e6 });
  });

  it('surfaces the last error after the retries run out', async () => {
    const { model, calls } = createFlakyEmbedder(10);
    const wrapped = wrapEmbeddingModel(model, { retry: { maxRetries: 2, baseDelayMs: 1 } });
    const error = await wrapped.doEmbed({ values: ['x'] }).catch((caught: unknown) => caught);
    expect(KnowhowError.isInstance(error) && error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(calls).toHaveLength(3);
  });
});
