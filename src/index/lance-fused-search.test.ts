import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import type { FuseRankings } from '../core/index-store.js';
import type { Reader } from '../core/types.js';
import { readFusedChunks, rowReferencesFrom } from './lance-fused-search.js';
import { accessPredicate, LanceIndexStore } from './lance-index-store.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-fused-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

const write = (id: string, groups: string[], vector: number[] = [1, 0]) => ({
  document: makeRecord(id, 1, { groups, hash: `hash-${id}-${groups.join()}` }),
  chunks: [makeChunk(id, 0, `${id} text`, { groups, documentHash: `hash-${id}-${groups.join()}` })],
  vectors: [vector],
});
const PUBLIC: Reader = { kind: 'groups', groups: [] };
const vectors = { vectorDimensions: 2, embeddingModel: 'test:embed' };
/** Keeps the first list's order: enough to see which rows are read. */
const firstList: FuseRankings = (lists, limit) =>
  (lists[0] ?? []).slice(0, limit).map((reference, i) => ({ id: reference.id, score: 1 / (i + 1) }));

async function chunksTable(): Promise<lancedb.Table> {
  const connection = await lancedb.connect(directory);
  return connection.openTable('chunks');
}

/** Every chunk's address, ranked by document id (as a search would rank them, with no filter). */
async function rankedAddresses(table: lancedb.Table) {
  const rows = await table.query().select(['id']).withRowId().toArrow();
  const ids = rows.getChild('id');
  const order = Array.from({ length: rows.numRows }, (_, i) => i).sort((a, b) =>
    String(ids?.get(a)).localeCompare(String(ids?.get(b))),
  );
  return rowReferencesFrom(rows).map((_, i, all) => ({ ...all[order[i]!]!, rank: i + 1 }));
}

describe('readFusedChunks', () => {
  it('reads only the fused winners, by address, in fused order with fused scores', async () => {
    const store = await LanceIndexStore.open({ directory, ...vectors });
    await store.writeDocuments([write('a', ['public']), write('b', ['public']), write('c', ['public'])]);
    await store.optimize();
    const references = await rankedAddresses(await chunksTable());
    const hits = await readFusedChunks({
      chunks: await chunksTable(),
      lists: [references.reverse()],
      fuse: firstList,
      k: 2,
      where: accessPredicate(PUBLIC),
    });
    expect(hits?.map((hit) => [hit.chunk.documentId, hit.chunk.text, hit.score, hit.rank])).toEqual([
      ['c', 'c text', 1, 1],
      ['b', 'b text', 0.5, 2],
    ]);
    await store.close();
  });

  it('reads under the searches’ predicate: an address the reader may not see gives null, never the row', async () => {
    const store = await LanceIndexStore.open({ directory, ...vectors });
    await store.writeDocuments([write('a', ['public']), write('s', ['staff'])]);
    await store.optimize();
    const table = await chunksTable();
    const options = { chunks: table, lists: [await rankedAddresses(table)], fuse: firstList, k: 2 };
    expect(await readFusedChunks({ ...options, where: accessPredicate(PUBLIC) })).toBeNull();
    expect(
      (await readFusedChunks({ ...options, where: undefined }))?.map((hit) => hit.chunk.documentId),
    ).toEqual(['a', 's']);
    await store.close();
  });

  it('gives null once a compaction has moved a ranked row', async () => {
    const store = await LanceIndexStore.open({ directory, ...vectors });
    // The first build's rows stay where they are; rows written after it, a fragment each, are
    // merged by the next compaction.
    await store.writeDocuments([write('a', ['public'])]);
    await store.optimize();
    for (const id of ['b', 'c']) await store.writeDocuments([write(id, ['public'])]);
    const table = await chunksTable();
    const references = await rankedAddresses(table);
    await store.writeDocuments([write('d', ['public'])]);
    await store.optimize({ full: true });
    await table.checkoutLatest();
    const read = { chunks: table, fuse: firstList, k: 3, where: undefined };
    expect(await readFusedChunks({ ...read, lists: [references] })).toBeNull();
    expect(
      (await readFusedChunks({ ...read, lists: [references.slice(0, 1)] }))?.map((hit) => hit.chunk.id),
    ).toEqual(['a#0']);
    await store.close();
  });
});

describe('LanceIndexStore.searchHybrid', () => {
  it('searches again, reading chunks, when a compaction in another process moves a winner before it is read', async () => {
    const store = await LanceIndexStore.open({ directory, ...vectors });
    await store.writeDocuments([write('a', ['public'], [0.5, 1])]);
    await store.optimize();
    // b and c, the winners, are written after the first build: the next compaction moves them.
    await store.writeDocuments([write('b', ['public'], [1, 0])]);
    await store.writeDocuments([write('c', ['public'], [1, 0.1])]);
    const fuse: FuseRankings = (lists, limit) => firstList(lists.slice(1), limit);
    const search = { k: 2, candidates: 5, reader: PUBLIC, fuse };
    const expected = await store.searchHybrid('text', [1, 0], search);
    expect(expected.map((hit) => hit.chunk.documentId)).toEqual(['b', 'c']);

    // Between the searches and the read of the winners, another writer compacts (and this
    // reader's next look at the table, a second later, finds the rows moved).
    const writer = await LanceIndexStore.open({ directory, ...vectors });
    const prototype = Object.getPrototypeOf(await chunksTable()) as lancedb.Table;
    const query = prototype.query;
    const reads: string[] = [];
    vi.spyOn(prototype, 'query').mockImplementation(function (this: lancedb.Table) {
      const builder = query.call(this);
      const where = builder.where.bind(builder);
      const toArrow = builder.toArrow.bind(builder);
      let predicate = '';
      builder.where = (text: string) => {
        predicate = String(text);
        return where(text);
      };
      builder.toArrow = async (...args: Parameters<typeof toArrow>) => {
        if (predicate.includes('_rowid IN') && reads.length === 0) {
          await writer.writeDocuments([write('d', ['public'], [0, -1])]);
          await writer.optimize({ full: true });
          await sleep(1_100);
        }
        const rows = await toArrow(...args);
        if (predicate.includes('_rowid IN')) reads.push(`${rows.numRows} of 2`);
        return rows;
      };
      return builder;
    });
    const hits = await store.searchHybrid('text', [1, 0], search);
    expect(reads).toEqual(['0 of 2']);
    expect(hits.map((hit) => [hit.chunk, hit.score, hit.rank])).toEqual(
      expected.map((hit) => [hit.chunk, hit.score, hit.rank]),
    );
    await writer.close();
    await store.close();
  });
});
