import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaleCorpus } from '../../src/bench/scale/scale-corpus.js';
import type { IndexStore } from '../../src/core/index-store.js';
import { EVERYONE, type Reader } from '../../src/core/types.js';
import { tableNames } from '../../src/index/postgres/postgres-schema.js';
import { bm25Sql } from '../../src/index/postgres/search-sql.js';
import { readableGroups } from '../../src/index/readable-groups.js';
import { searchQueryText } from '../../src/index/search-text.js';
import { availableEngines, type StoreHarness, startStoreHarness } from '../helpers/index-stores.js';

/**
 * The store ranks BM25 with MaxScore pruning (bm25PrunedSql); it must return exactly what scoring
 * every posting returns (bm25Sql), for every reader, k and `where`. The generated corpus has a
 * Zipf vocabulary, so queries mix words held by a third of the passages with rare ones: the
 * frequent words become "optional" once the seeds set a threshold (checked: leaving out the
 * optional words' contributions fails this test).
 */

const CHUNKS = 3000;
const QUERIES = 40;

describe.each(availableEngines(['postgres', 'pglite']))('BM25 with MaxScore pruning on %s', (engine) => {
  let harness: StoreHarness;
  let store: IndexStore;
  let schema: string;
  let client: pg.Client;
  const corpus = new ScaleCorpus();
  beforeAll(async () => {
    harness = await startStoreHarness(engine);
    schema = harness.freshName();
    store = await harness.open({ name: schema });
    const documents = CHUNKS / 10;
    for (let from = 0; from < documents; from += 100) {
      await store.writeDocuments(
        Array.from({ length: Math.min(100, documents - from) }, (_, i) => corpus.document(from + i)),
      );
    }
    client = new pg.Client({ connectionString: harness.url! });
    await client.connect();
  }, 180_000);
  afterAll(async () => {
    await client?.end();
    await store?.close();
    await harness?.stop();
  });

  async function reference(query: string, reader: Reader, k: number, where?: string) {
    const groups = readableGroups(reader);
    const sql = bm25Sql(tableNames(schema), { restricted: groups !== null, where });
    const text = searchQueryText(query);
    const { rows } = await client.query(sql, [text.split(' '), 1.2, 0.75, k, ...(groups ? [groups] : [])]);
    return rows.map((row: { id: string; score: number }) => ({ id: row.id, score: Number(row.score) }));
  }

  const readers: [string, Reader][] = [
    ['the operator', EVERYONE],
    ['a reader of g1', { kind: 'groups', groups: ['g1'] }],
    ['a reader of g7 and g3', { kind: 'groups', groups: ['g7', 'g3'] }],
  ];

  it.each(readers)(
    'ranks as scoring every posting does, for %s, k = 1, 10 and 50',
    async (_, reader) => {
      let compared = 0;
      for (const query of corpus.queries(QUERIES, CHUNKS)) {
        for (const k of [1, 10, 50]) {
          const expected = await reference(query, reader, k);
          const hits = await store.searchText(query, { k, reader });
          expect(
            hits.map((hit) => hit.chunk.id),
            `${query} k=${k}`,
          ).toEqual(expected.map((row) => row.id));
          hits.forEach((hit, i) => {
            expect(hit.score).toBeCloseTo(expected[i]!.score, 9);
          });
          compared += hits.length;
        }
      }
      expect(compared).toBeGreaterThan(QUERIES * 40);
    },
    120_000,
  );

  it('answers concurrent searches, each connection running the same prepared statement', async () => {
    // On PGlite every connection is one session: the second to prepare a name failed with 42P05.
    const queries = corpus.queries(16, CHUNKS);
    const reader: Reader = { kind: 'groups', groups: ['g1'] };
    const alone = [];
    for (const query of queries) alone.push(await store.searchText(query, { k: 5, reader }));
    const together = await Promise.all(queries.map((query) => store.searchText(query, { k: 5, reader })));
    expect(together).toEqual(alone);
  });

  it('ranks as scoring every posting does with a where predicate', async () => {
    const where = `doc_id < 'doc-0000150'`;
    for (const query of corpus.queries(20, CHUNKS)) {
      const expected = await reference(query, EVERYONE, 10, where);
      const hits = await store.searchText(query, { k: 10, reader: EVERYONE, where });
      expect(hits.map((hit) => hit.chunk.id)).toEqual(expected.map((row) => row.id));
      for (const hit of hits) expect(hit.chunk.documentId < 'doc-0000150').toBe(true);
    }
  }, 60_000);
});
