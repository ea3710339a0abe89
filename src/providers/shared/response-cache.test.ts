import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeCacheKey, createDiskResponseCache, createMemoryResponseCache } from './response-cache.js';

const base = {
  provider: 'openai-compatible',
  model: 'gpt-4o-mini',
  endpoint: 'https://api.openai.com/v1',
  kind: 'language' as const,
};

describe('computeCacheKey', () => {
  it('is a sha256 that ignores key order, undefined fields and the signal', () => {
    const key = computeCacheKey({
      ...base,
      request: { messages: [{ role: 'user', content: 'hi' }], temperature: 0 },
    });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(
      computeCacheKey({
        ...base,
        request: {
          temperature: 0,
          maxTokens: undefined,
          signal: new AbortController().signal,
          messages: [{ content: 'hi', role: 'user' }],
        },
      }),
    ).toBe(key);
  });

  it('changes with the model, the endpoint, the kind and every request parameter', () => {
    const request = { messages: [{ role: 'user', content: 'hi' }] };
    const key = computeCacheKey({ ...base, request });
    const variants = [
      computeCacheKey({ ...base, model: 'gpt-4o', request }),
      computeCacheKey({ ...base, endpoint: 'http://localhost:11434/v1', request }),
      computeCacheKey({ ...base, kind: 'embedding', request }),
      computeCacheKey({ ...base, request: { ...request, temperature: 0.1 } }),
      computeCacheKey({ ...base, request: { ...request, stop: ['\n'] } }),
      computeCacheKey({ ...base, request: { messages: [{ role: 'user', content: 'hi!' }] } }),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
  });
});

describe('createDiskResponseCache', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('stores one JSON file per key under a two-character fan-out and leaves no temporary files', async () => {
    const cache = createDiskResponseCache({ directory });
    const key = computeCacheKey({ ...base, request: { messages: [] } });
    expect(await cache.get(key)).toBeUndefined();
    await Promise.all([cache.set(key, { text: 'a' }), cache.set(key, { text: 'a' })]);
    expect(await cache.get(key)).toEqual({ text: 'a' });
    expect(await readdir(directory)).toEqual([key.slice(0, 2)]);
    expect(await readdir(path.join(directory, key.slice(0, 2)))).toEqual([`${key}.json`]);
    expect(await createDiskResponseCache({ directory }).get(key)).toEqual({ text: 'a' });
  });

  it('treats a corrupt entry as a miss and removes it', async () => {
    const cache = createDiskResponseCache({ directory });
    const key = 'ab'.repeat(32);
    await cache.set(key, { text: 'x' });
    const file = path.join(directory, 'ab', `${key}.json`);
    await writeFile(file, '{"key": "abab');
    expect(await cache.get(key)).toBeUndefined();
    expect(await readdir(path.join(directory, 'ab'))).toEqual([]);
  });

  it('never throws when the directory cannot be written', async () => {
    const blocker = path.join(directory, 'file');
    await writeFile(blocker, '');
    const cache = createDiskResponseCache({ directory: blocker });
    await expect(cache.set('cd'.repeat(32), { text: 'x' })).resolves.toBeUndefined();
    expect(await cache.get('cd'.repeat(32))).toBeUndefined();
  });
});

describe('createMemoryResponseCache', () => {
  it('returns copies, so a caller cannot change what is cached', async () => {
    const cache = createMemoryResponseCache();
    const value = { embeddings: [[1, 2]] };
    await cache.set('k', value);
    value.embeddings[0]?.push(3);
    const first = (await cache.get('k')) as typeof value;
    first.embeddings.length = 0;
    expect(await cache.get('k')).toEqual({ embeddings: [[1, 2]] });
    expect(cache.size).toBe(1);
  });
});
