import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FixtureServer,
  readJsonFixture,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import { createOpenAICompatibleReranker } from './reranker.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

describe('createOpenAICompatibleReranker', () => {
  it('posts to /rerank and returns one score per document in input order', async () => {
    server.reply('/v1/rerank', { json: readJsonFixture(fixture('rerank.response.json')) });
    const reranker = createOpenAICompatibleReranker({
      model: 'BAAI/bge-reranker-v2-m3',
      baseURL: `${server.url}/v1`,
    });
    const result = await reranker.doRerank({
      query: 'refund window',
      documents: ['Shipping takes 3 to 5 days.', 'Refunds are accepted within 30 days.'],
    });
    expect(result).toEqual({ scores: [0.02, 0.98], usage: { tokens: 42 } });
    expect(server.requests[0]?.body).toEqual({
      model: 'BAAI/bge-reranker-v2-m3',
      query: 'refund window',
      documents: ['Shipping takes 3 to 5 days.', 'Refunds are accepted within 30 days.'],
      top_n: 2,
    });
  });

  it('fails when a document is left unscored', async () => {
    server.reply('/v1/rerank', { json: { results: [{ index: 0, relevance_score: 0.5 }] } });
    const reranker = createOpenAICompatibleReranker({ model: 'r', baseURL: `${server.url}/v1` });
    await expect(reranker.doRerank({ query: 'q', documents: ['a', 'b'] })).rejects.toMatchObject({
      code: 'PROVIDER_RESPONSE',
      hint: expect.stringContaining('models.rerank.model'),
    });
  });
});
