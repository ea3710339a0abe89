import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashEmbedder } from '../../src/bench/scale/hash-embedder.js';
import { ScaleCorpus } from '../../src/bench/scale/scale-corpus.js';
import type { DocumentWrite, IndexStore } from '../../src/core/index-store.js';
import { EVERYONE, type Reader } from '../../src/core/types.js';
import { copyIndex } from '../../src/index/copy-index.js';
import {
  availableEngines,
  type StoreEngine,
  type StoreHarness,
  startStoreHarness,
} from '../helpers/index-stores.js';

/**
 * An index copied between engines answers exactly as one ingested straight into the target
 * engine (same hits, same scores, same vectors), without re-embedding; copying again changes
 * nothing, and a changed source is mirrored. PostgreSQL 15 here has no pgvector, so vectors
 * travel between LanceDB and PGlite.
 */

const DOCUMENTS = 30;
const DIMENSIONS = 16;
const corpus = new ScaleCorpus();
const embedder = new HashEmbedder(DIMENSIONS);

function documents(vectors: boolean, from = 0, count = DOCUMENTS): DocumentWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const write = corpus.document(from + i);
    return vectors ? { ...write, vectors: write.chunks.map((chunk) => embedder.embed(chunk.text)) } : write;
  });
}

const pairs: [StoreEngine, StoreEngine, boolean][] = [
  ['lancedb', 'postgres', false],
  ['postgres', 'lancedb', false],
  ['lancedb', 'pglite', true],
  ['pglite', 'lancedb', true],
];
const engines = availableEngines(['lancedb', 'postgres', 'pglite']);
const runnable = pairs.filter(([from, to]) => engines.includes(from) && engines.includes(to));

async function hitsOf(store: IndexStore, reader: Reader, vectors: boolean) {
  const answers: unknown[] = [];
  for (const query of corpus.queries(8, DOCUMENTS * 10)) {
    const hits = await store.searchText(query, { k: 10, reader });
    answers.push(hits.map((hit) => [hit.chunk.id, hit.score.toFixed(9), hit.chunk.text, hit.chunk.groups]));
    if (vectors) {
      const dense = await store.searchVector(embedder.embed(query), { k: 5, reader });
      answers.push(dense.map((hit) => [hit.chunk.id, hit.score.toFixed(5)]));
    }
  }
  return answers;
}

const recordsOf = async (store: IndexStore) =>
  [...(await store.listDocuments()).values()]
    .map((record) => `${record.id} ${record.hash} ${record.chunkCount} ${record.groups.join(',')}`)
    .sort();

describe.each(runnable)('copyIndex from %s to %s (vectors: %s)', (fromEngine, toEngine, vectors) => {
  const harnesses = new Map<StoreEngine, StoreHarness>();
  const opened: IndexStore[] = [];
  const open = async (engine: StoreEngine, dimensions: number | null = vectors ? DIMENSIONS : null) => {
    const store = await harnesses.get(engine)!.open({
      vectorDimensions: dimensions,
      embeddingModel: dimensions ? 'hash:test' : null,
    });
    opened.push(store);
    return store;
  };
  beforeAll(async () => {
    for (const engine of new Set([fromEngine, toEngine]))
      harnesses.set(engine, await startStoreHarness(engine));
  }, 120_000);
  afterAll(async () => {
    for (const store of opened) await store.close().catch(() => {});
    for (const harness of harnesses.values()) await harness.stop();
  });

  it('answers as an index ingested straight into the target, and copying again changes nothing', async () => {
    const source = await open(fromEngine);
    await source.writeDocuments(documents(vectors));
    await source.optimize();
    const direct = await open(toEngine);
    await direct.writeDocuments(documents(vectors));
    await direct.optimize();
    const target = await open(toEngine);

    const copied = await copyIndex({ from: source, to: target, batchChunks: 70 });
    expect(copied).toMatchObject({
      documents: DOCUMENTS,
      chunks: DOCUMENTS * 10,
      vectors: vectors ? DOCUMENTS * 10 : 0,
      skipped: 0,
      deleted: 0,
    });
    expect(await recordsOf(target)).toEqual(await recordsOf(source));
    for (const reader of [EVERYONE, { kind: 'groups', groups: ['g1'] } as Reader]) {
      expect(await hitsOf(target, reader, vectors)).toEqual(await hitsOf(direct, reader, vectors));
    }
    const stats = await target.stats();
    expect(stats).toMatchObject({ documents: DOCUMENTS, chunks: DOCUMENTS * 10 });

    expect(await copyIndex({ from: source, to: target })).toMatchObject({ documents: 0, skipped: DOCUMENTS });
  }, 120_000);

  it('mirrors a changed source: a rewritten document is copied, a deleted one removed', async () => {
    const source = await open(fromEngine);
    await source.writeDocuments(documents(vectors));
    const target = await open(toEngine);
    await copyIndex({ from: source, to: target });

    await source.deleteDocuments(['doc-0000000']);
    // doc-0000001 now holds the text of document 100 (another hash, other words).
    const [replacement] = documents(vectors, 100, 1);
    await source.writeDocuments([
      {
        ...replacement!,
        document: { ...replacement!.document, id: 'doc-0000001' },
        chunks: replacement!.chunks.map((chunk, i) => ({
          ...chunk,
          id: `doc-0000001#${i}`,
          documentId: 'doc-0000001',
        })),
      },
    ]);
    expect(await copyIndex({ from: source, to: target })).toMatchObject({
      documents: 1,
      deleted: 1,
      skipped: DOCUMENTS - 2,
    });
    expect(await recordsOf(target)).toEqual(await recordsOf(source));
    const chunks = await target.getDocumentChunks('doc-0000001');
    expect(chunks.map((chunk) => chunk.text)).toEqual(replacement!.chunks.map((chunk) => chunk.text));
    expect(await target.getDocumentChunks('doc-0000000')).toEqual([]);
  }, 120_000);

  it('refuses a target built for other vectors, naming both', async () => {
    // PostgreSQL 15 here has no pgvector: there, the side with vectors is the other one.
    const targetHasVectors = harnesses.get(toEngine)!.vectors;
    const source = await open(fromEngine, targetHasVectors ? null : 8);
    const target = await open(toEngine, targetHasVectors ? 8 : null);
    await expect(copyIndex({ from: source, to: target })).rejects.toMatchObject({
      code: 'INDEX_INCOMPATIBLE',
      message: targetHasVectors
        ? 'The source index holds no vectors, the target hash:test (8 dimensions).'
        : 'The source index holds hash:test (8 dimensions), the target no vectors.',
    });
  });
});
