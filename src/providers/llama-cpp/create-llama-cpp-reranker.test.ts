import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyLlamaGguf, writeTinyRerankerGguf } from '../../../test/helpers/gguf/write-tiny-gguf.js';
import { KnowhowError } from '../../core/errors.js';
import { createLlamaCppReranker, type LlamaCppReranker } from './create-llama-cpp-reranker.js';

let directory: string;
const opened: LlamaCppReranker[] = [];

function open(model: string): LlamaCppReranker {
  const reranker = createLlamaCppReranker({ model, contextSize: 256, threads: 1, gpu: false });
  opened.push(reranker);
  return reranker;
}

beforeAll(async () => {
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});

afterAll(async () => {
  for (const reranker of opened) await reranker.dispose();
  await fs.rm(directory, { recursive: true, force: true });
});

describe('createLlamaCppReranker', () => {
  it('scores every document with a reranker GGUF, deterministically', async () => {
    const modelPath = path.join(directory, 'tiny-reranker.gguf');
    await writeTinyRerankerGguf({ path: modelPath, seed: 9 });
    const reranker = open(modelPath);
    const request = {
      query: 'How long is the refund window?',
      documents: ['Refunds are accepted for 30 days.', 'Orders ship within a week.', 'refund'],
    };
    const first = await reranker.doRerank(request);
    expect(first.scores).toHaveLength(3);
    for (const score of first.scores) {
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(1);
    }
    expect(new Set(first.scores).size).toBe(3);
    expect(first.usage?.tokens).toBeGreaterThan(0);
    expect(await reranker.doRerank(request)).toEqual(first);
  });

  it('says clearly that a model without a classification head is not a reranker', async () => {
    const modelPath = path.join(directory, 'tiny-chat.gguf');
    await writeTinyLlamaGguf({ path: modelPath });
    let failure: unknown;
    try {
      await open(modelPath).doRerank({ query: 'q', documents: ['d'] });
    } catch (error) {
      failure = error;
    }
    expect(KnowhowError.isInstance(failure)).toBe(true);
    const error = failure as KnowhowError;
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.message).toContain(`llama-cpp model "${modelPath}": ${modelPath} is not a reranker`);
    expect(error.hint).toContain('models.rerank.model');
    expect(error.details).toMatchObject({ provider: 'llama-cpp', setting: 'models.rerank.model' });
  });
});
