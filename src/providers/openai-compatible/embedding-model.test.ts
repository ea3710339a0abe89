import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FixtureServer,
  readJsonFixture,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import { createOpenAICompatibleEmbeddingModel } from './embedding-model.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

/** Answers every embeddings request with one-hot-ish vectors, in reverse order, as some servers do. */
function echoEmbeddings(width: number) {
  return (request: { body: unknown }) => {
    const input = (request.body as { input: string[] }).input;
    return {
      json: {
        object: 'list',
        data: input
          .map((text, index) => ({
            object: 'embedding',
            index,
            embedding: Array.from({ length: width }, () => text.length),
          }))
          .reverse(),
        usage: { prompt_tokens: input.length * 2, total_tokens: input.length * 2 },
      },
    };
  };
}

describe('createOpenAICompatibleEmbeddingModel', () => {
  it('sends the documented body, puts vectors back in input order and learns the dimensions', async () => {
    server.reply('/v1/embeddings', { json: readJsonFixture(fixture('embeddings.response.json')) });
    const model = createOpenAICompatibleEmbeddingModel({
      model: 'text-embedding-3-small',
      baseURL: `${server.url}/v1`,
    });
    expect(model.dimensions).toBeUndefined();
    const result = await model.doEmbed({ values: ['refund policy', 'shipping times', 'warranty'] });
    expect(result).toEqual({
      embeddings: [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      usage: { tokens: 6 },
    });
    expect(model.dimensions).toBe(3);
    expect(server.requests[0]?.body).toEqual(readJsonFixture(fixture('embeddings.request.json')));
  });

  it('splits large requests into batches of maxBatchSize and adds their tokens', async () => {
    server.reply('/v1/embeddings', echoEmbeddings(4));
    const model = createOpenAICompatibleEmbeddingModel({
      model: 'nomic',
      baseURL: `${server.url}/v1`,
      maxBatchSize: 2,
    });
    const result = await model.doEmbed({ values: ['a', 'bb', 'ccc', 'dddd', 'eeeee'] });
    expect(result.embeddings.map((vector) => vector[0])).toEqual([1, 2, 3, 4, 5]);
    expect(result.usage.tokens).toBe(10);
    expect(server.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([
      ['a', 'bb'],
      ['ccc', 'dddd'],
      ['eeeee'],
    ]);
  });

  it('adds the query or document prefix the model needs and skips empty requests', async () => {
    server.reply('/v1/embeddings', echoEmbeddings(2));
    const model = createOpenAICompatibleEmbeddingModel({
      model: 'e5',
      baseURL: `${server.url}/v1`,
      queryPrefix: 'query: ',
      documentPrefix: 'passage: ',
    });
    await model.doEmbed({ values: ['x'], purpose: 'query' });
    await model.doEmbed({ values: ['y'], purpose: 'document' });
    expect(await model.doEmbed({ values: [] })).toEqual({ embeddings: [], usage: { tokens: 0 } });
    expect(server.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([
      ['query: x'],
      ['passage: y'],
    ]);
  });

  it('fails clearly when the server returns fewer vectors than inputs, or vectors of another size', async () => {
    server.reply('/v1/embeddings', {
      json: { data: [{ index: 0, embedding: [1, 2] }], usage: { prompt_tokens: 1 } },
    });
    const model = createOpenAICompatibleEmbeddingModel({
      model: 'm',
      baseURL: `${server.url}/v1`,
      dimensions: 3,
    });
    await expect(model.doEmbed({ values: ['a', 'b'] })).rejects.toMatchObject({
      code: 'PROVIDER_RESPONSE',
      message: expect.stringContaining('sent 2 inputs'),
    });
    await expect(model.doEmbed({ values: ['a'] })).rejects.toMatchObject({
      code: 'PROVIDER_RESPONSE',
      message: expect.stringContaining('expected 3'),
      hint: expect.stringContaining('models.embed.model'),
    });
    expect(server.requests[0]?.body).toMatchObject({ dimensions: 3 });
  });
});
