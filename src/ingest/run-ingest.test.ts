import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkDocument } from '../chunk/index.js';
import { configSchema } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { LanceIndexStore } from '../index/index.js';
import type { EmbeddingModel } from '../providers/spec.js';
import { runIngest } from './run-ingest.js';

const config = configSchema.parse({});
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-run-ingest-'));
  await mkdir(path.join(root, 'docs'));
  await writeFile(path.join(root, 'docs', 'a.md'), '# A\n\nAlpha text about refunds.');
  await writeFile(path.join(root, 'docs', 'b.md'), '# B\n\nBeta text about webhooks.');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

/** A stand-in for a remote embedding API: counts texts, and fails while `down` is set. */
function embeddingService(state: { down: boolean; embedded: number }): EmbeddingModel {
  return {
    provider: 'stand-in',
    modelId: 'embed',
    dimensions: 3,
    maxBatchSize: 8,
    async doEmbed({ values }) {
      if (state.down)
        throw new KnowhowError('PROVIDER_UNAVAILABLE', 'The embedding server refused the connection.');
      state.embedded += values.length;
      return { embeddings: values.map((value) => [value.length, 1, 0]), usage: { tokens: values.length } };
    },
  };
}

const ingest = (store: LanceIndexStore, embedder?: EmbeddingModel, prune = false) =>
  runIngest({
    paths: ['docs'],
    cwd: root,
    config: config.ingest,
    store,
    chunk: (document) => chunkDocument(document, config.chunk),
    ...(embedder ? { embedder } : {}),
    prune,
  });

describe('runIngest', () => {
  it('turns a failed embedding call into failure rows, writes nothing for them, and retries them next run', async () => {
    const store = await LanceIndexStore.open({
      directory: path.join(root, 'index'),
      vectorDimensions: 3,
      embeddingModel: 'stand-in:embed',
    });
    const state = { down: true, embedded: 0 };
    const first = await ingest(store, embeddingService(state)).catch((error: unknown) => error);
    // Nothing could be written: the run says so rather than pretending.
    expect(KnowhowError.isInstance(first) && first.code).toBe('NOTHING_INGESTED');
    expect((await store.stats()).documents).toBe(0);

    state.down = false;
    const second = await ingest(store, embeddingService(state));
    expect(second).toMatchObject({ added: 2, failed: 0, embedded: 2 });
    // Unchanged documents are skipped: no second embedding.
    const third = await ingest(store, embeddingService(state));
    expect(third).toMatchObject({ added: 0, unchanged: 2, embedded: 0 });
    expect(state.embedded).toBe(2);
    await store.close();
  });

  it('reuses vectors of unchanged chunk text when a document changes', async () => {
    const store = await LanceIndexStore.open({
      directory: path.join(root, 'index'),
      vectorDimensions: 3,
      embeddingModel: 'stand-in:embed',
    });
    const state = { down: false, embedded: 0 };
    await ingest(store, embeddingService(state));
    await writeFile(
      path.join(root, 'docs', 'a.md'),
      '# A\n\nAlpha text about refunds.\n\n# A2\n\nA new section.',
    );
    const changed = await ingest(store, embeddingService(state));
    expect(changed.updated).toBe(1);
    expect(changed.embeddingsReused).toBeGreaterThanOrEqual(1);
    await store.close();
  });

  it('does not prune a document that failed to load this time', async () => {
    const store = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    await ingest(store);
    await writeFile(path.join(root, 'docs', 'b.md'), Buffer.from([0x41, 0x00, 0x42]));
    const result = await ingest(store, undefined, true);
    expect(result).toMatchObject({ failed: 1, removed: 0 });
    expect([...(await store.listDocuments()).keys()].sort()).toEqual(['a.md', 'b.md']);
    await store.close();
  });

  it('writes batches in order, one at a time, and a failed write fails the run', async () => {
    for (const name of ['c', 'd', 'e'])
      await writeFile(path.join(root, 'docs', `${name}.md`), `# ${name}\n\nText.`);
    const store = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    const original = store.writeDocuments.bind(store);
    const written: string[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    store.writeDocuments = async (writes) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (writes.some((write) => write.document.id === 'd.md')) throw new Error('disk full');
        await original(writes);
        written.push(writes.map((write) => write.document.id));
      } finally {
        inFlight--;
      }
    };
    const run = runIngest({
      paths: ['docs'],
      cwd: root,
      config: { ...config.ingest, batchSize: 1 },
      store,
      chunk: (document) => chunkDocument(document, config.chunk),
    });
    await expect(run).rejects.toThrow('disk full');
    expect(mostInFlight).toBe(1);
    expect(written.flat()).toEqual(['a.md', 'b.md', 'c.md']);
    await store.close();
  });

  it('does not return while a write is still running, even when reading is cancelled', async () => {
    for (const name of ['c', 'd', 'e'])
      await writeFile(path.join(root, 'docs', `${name}.md`), `# ${name}\n\nText.`);
    const store = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    const original = store.writeDocuments.bind(store);
    const cancel = new AbortController();
    let writesFinished = 0;
    store.writeDocuments = async (writes) => {
      cancel.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await original(writes);
      writesFinished++;
    };
    const run = runIngest({
      paths: ['docs'],
      cwd: root,
      config: { ...config.ingest, batchSize: 1 },
      store,
      chunk: (document) => chunkDocument(document, config.chunk),
      signal: cancel.signal,
    });
    await expect(run).rejects.toThrow();
    expect(writesFinished).toBe(1);
    await store.close();
  });

  it('prunes only files under the paths walked, never uploads, and counts what is gone without --prune', async () => {
    await mkdir(path.join(root, 'docs', 'sub'));
    await writeFile(path.join(root, 'docs', 'sub', 'c.md'), '# C\n\nGamma text.');
    const store = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    const run = (paths: string[], extra: Partial<Parameters<typeof runIngest>[0]> = {}) =>
      runIngest({
        paths,
        cwd: root,
        projectRoot: root,
        roots: ['docs'],
        config: config.ingest,
        store,
        chunk: (document) => chunkDocument(document, config.chunk),
        ...extra,
      });
    expect(await run(['docs'])).toMatchObject({ added: 3 });
    const upload = path.join(root, 'upload');
    await mkdir(upload);
    await writeFile(path.join(upload, 'u.md'), '# U\n\nUploaded text.');
    await runIngest({
      paths: [upload],
      cwd: upload,
      origin: 'api',
      config: config.ingest,
      store,
      chunk: (document) => chunkDocument(document, config.chunk),
    });
    const records = await store.listDocuments();
    expect(records.get('sub/c.md')?.origin).toBe('files:docs');
    expect(records.get('u.md')?.origin).toBe('api');

    await rm(path.join(root, 'docs', 'a.md'));
    await rm(path.join(root, 'docs', 'sub', 'c.md'));
    expect(await run(['docs'])).toMatchObject({
      missing: 2,
      missingDocuments: ['a.md', 'sub/c.md'],
      removed: 0,
    });
    expect(await run(['docs/sub'], { prune: true })).toMatchObject({ removed: 1 });
    expect(await run(['docs'], { prune: true })).toMatchObject({ removed: 1 });
    expect([...(await store.listDocuments()).keys()].sort()).toEqual(['b.md', 'u.md']);
    await store.close();
  });
});
