import { describe, expect, it } from 'vitest';
import type { Reranker } from '../spec.js';
import { createMemoryResponseCache } from './response-cache.js';
import { createUsageMeter } from './usage-meter.js';
import { wrapReranker } from './wrap-reranker.js';

describe('wrapReranker', () => {
  it('caches scores per query and document list and meters tokens', async () => {
    let calls = 0;
    const model: Reranker = {
      provider: 'fake',
      modelId: 'rerank-1',
      async doRerank(request) {
        calls++;
        return {
          scores: request.documents.map((document) => (document.includes(request.query) ? 1 : 0)),
          usage: { tokens: 9 },
        };
      },
    };
    const meter = createUsageMeter();
    const wrapped = wrapReranker(model, { cache: createMemoryResponseCache(), meter });
    const request = { query: 'refund', documents: ['refund policy', 'shipping'] };
    expect(await wrapped.doRerank(request)).toEqual({ scores: [1, 0], usage: { tokens: 9 } });
    expect(await wrapped.doRerank(request)).toEqual({ scores: [1, 0], usage: { tokens: 9 } });
    await wrapped.doRerank({ ...request, documents: ['shipping'] });
    expect(calls).toBe(2);
    expect(meter.totals()).toMatchObject({
      calls: 3,
      cachedCalls: 1,
      promptTokens: 18,
      unpriced: ['fake:rerank-1'],
    });
  });

  it('times out a reranker that never answers', async () => {
    const model: Reranker = {
      provider: 'fake',
      modelId: 'slow',
      doRerank: (request) =>
        new Promise((_, reject) =>
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason)),
        ),
    };
    await expect(
      wrapReranker(model, { timeoutMs: 20, configKey: 'models.rerank' }).doRerank({
        query: 'q',
        documents: ['d'],
      }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_TIMEOUT',
      hint: expect.stringContaining('models.rerank.timeoutMs'),
    });
  });
});
