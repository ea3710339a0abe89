import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyLlamaGguf } from '../../../test/helpers/gguf/write-tiny-gguf.js';
import { KnowhowError } from '../../core/errors.js';
import {
  createLlamaCppEmbeddingModel,
  type LlamaCppEmbeddingModel,
} from './create-llama-cpp-embedding-model.js';

let directory: string;
let modelPath: string;
let embedder: LlamaCppEmbeddingModel;

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
}

beforeAll(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  modelPath = path.join(directory, 'tiny-embed.gguf');
  await writeTinyLlamaGguf({ path: modelPath, seed: 11, embedding: 48, heads: 4, pooling: 'mean' });
  embedder = createLlamaCppEmbeddingModel({
    model: modelPath,
    contextSize: 256,
    threads: 1,
    gpu: false,
    queryPrefix: 'query: ',
  });
});

afterAll(async () => {
  await embedder.dispose();
  await fs.rm(directory, { recursive: true, force: true });
});

describe('createLlamaCppEmbeddingModel', () => {
  it('embeds each value with the model’s dimensions, deterministically and unit-length', async () => {
    expect(embedder.dimensions).toBeUndefined();
    const values = ['Refunds are accepted for 30 days.', 'Orders ship within a week.'];
    const first = await embedder.doEmbed({ values });
    expect(embedder.dimensions).toBe(48);
    expect(first.embeddings).toHaveLength(2);
    for (const vector of first.embeddings) {
      expect(vector).toHaveLength(48);
      expect(cosine(vector, vector)).toBeCloseTo(1, 5);
    }
    expect(first.embeddings[0]).not.toEqual(first.embeddings[1]);
    expect(first.usage.tokens).toBeGreaterThan(values.join('').length / 2);
    expect((await embedder.doEmbed({ values: [...values].reverse() })).embeddings).toEqual(
      [...first.embeddings].reverse(),
    );
  });

  it('adds the query prefix for queries only', async () => {
    const text = 'refund window';
    const [asDocument] = (await embedder.doEmbed({ values: [text], purpose: 'document' })).embeddings;
    const [asQuery] = (await embedder.doEmbed({ values: [text], purpose: 'query' })).embeddings;
    const [prefixed] = (await embedder.doEmbed({ values: [`query: ${text}`] })).embeddings;
    expect(asQuery).toEqual(prefixed);
    expect(asQuery).not.toEqual(asDocument);
  });

  it('rejects a value longer than the context, naming the value and the contextSize setting', async () => {
    let failure: unknown;
    try {
      await embedder.doEmbed({ values: ['short', 'refund '.repeat(200)] });
    } catch (error) {
      failure = error;
    }
    expect(KnowhowError.isInstance(failure)).toBe(true);
    const error = failure as KnowhowError;
    expect(error.code).toBe('INPUT_TOO_LARGE');
    expect(error.message).toMatch(/value 1 is \d+ tokens, more than the 256-token context/);
    expect(error.details).toMatchObject({
      provider: 'llama-cpp',
      setting: 'models.embed.contextSize',
      index: 1,
    });
  });
});
