import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentWrite, FuseRankings } from '../../src/core/index-store.js';
import { EVERYONE, type Reader } from '../../src/core/types.js';
import { fuseRankings, fuseReciprocalRank } from '../../src/retrieve/index.js';
import { type StoreEngine, type StoreHarness, startStoreHarness } from './index-stores.js';
import { makeChunk, makeRecord } from './make-chunk.js';

/**
 * The behaviour every IndexStore must have, run against each engine: LanceDB, PostgreSQL 15
 * (throwaway cluster) and PGlite + pgvector (over the wire protocol). A difference between
 * engines is a failure here, not a surprise in production.
 */

const write = (id: string, texts: string[], groups = ['public'], hash = `hash-${id}`): DocumentWrite => ({
  document: makeRecord(id, texts.length, { groups, hash }),
  chunks: texts.map((text, i) => makeChunk(id, i, text, { groups, documentHash: hash, title: '' })),
});

const PUBLIC: Reader = { kind: 'groups', groups: [] };

/**
 * Defines the contract suite for the given engines. The unit run (`src/`) checks LanceDB, which
 * runs in-process; test/e2e checks the server engines: starting a PostgreSQL cluster and a PGlite
 * server made this the third slowest unit file (101 s of 16.5 min at load 15, 2026-12-06).
 */
export function describeIndexStoreContract(engines: StoreEngine[]): void {
  describe.each(engines)('IndexStore contract on %s', (engine) => {
    let harness: StoreHarness;
    beforeAll(async () => {
      harness = await startStoreHarness(engine);
    }, 120_000);
    afterAll(async () => harness?.stop());

    it('applies access groups inside the query: a reader gets k results it may read, never restricted ones', async () => {
      const store = await harness.open();
      const restricted = Array.from({ length: 40 }, (_, i) =>
        write(`internal-${i}`, ['refund refund refund exception policy for agents refund'], ['staff']),
      );
      const visible = Array.from({ length: 5 }, (_, i) =>
        write(`public-${i}`, [`the refund window is ${i + 10} days long`]),
      );
      await store.writeDocuments([...restricted, ...visible]);
      await store.optimize();
      const publicHits = await store.searchText('refund', { k: 5, reader: PUBLIC });
      expect(publicHits).toHaveLength(5);
      expect(publicHits.every((hit) => hit.chunk.groups.includes('public'))).toBe(true);
      const staffHits = await store.searchText('refund', {
        k: 5,
        reader: { kind: 'groups', groups: [' Staff '] },
      });
      expect(staffHits).toHaveLength(5);
      expect(staffHits.every((hit) => hit.chunk.groups.includes('staff'))).toBe(true);
      expect(await store.searchText('refund', { k: 50, reader: EVERYONE })).toHaveLength(45);
      await store.close();
    });

    it('scores BM25 as LanceDB does (k1 1.2, b 0.75, repeated query words count twice)', async () => {
      const store = await harness.open();
      const texts = [
        'cat sat on the mat with another cat',
        'dog barks',
        'cat and dog friends forever in the house',
        'bird song',
        'fish swim fish',
      ];
      await store.writeDocuments(texts.map((text, i) => write(`d${i}`, [text])));
      await store.optimize();
      // LanceDB scores in 32-bit floats, PostgreSQL in 64-bit: equal to four decimals.
      const expectScores = async (query: string, expected: [string, number][]) => {
        const hits = await store.searchText(query, { k: 5, reader: EVERYONE });
        expect(hits.map((hit) => hit.chunk.documentId)).toEqual(expected.map(([id]) => id));
        hits.forEach((hit, i) => {
          expect(hit.score).toBeCloseTo(expected[i]![1], 4);
        });
      };
      // Figures printed by LanceDB 0.37 for this corpus (and by hand: ln(2.4) · 4.4 / 3.6235 = 1.06307).
      await expectScores('cat', [
        ['d0', 1.06307],
        ['d2', 0.73414],
      ]);
      await expectScores('cat cat', [
        ['d0', 2.12614],
        ['d2', 1.46828],
      ]);
      await expectScores('cat dog', [
        ['d2', 1.46828],
        ['d0', 1.06307],
        ['d1', 1.05282],
      ]);
      await store.close();
    });

    it.runIf(engine === 'pglite')(
      'scores the same through pg_textsearch (PostgreSQL 17+) as through the postings table',
      async () => {
        const store = await harness.open({ postgres: { textSearch: 'pg_textsearch' } });
        const texts = [
          'cat sat on the mat with another cat',
          'dog barks',
          'cat and dog friends forever in the house',
        ];
        await store.writeDocuments([
          ...texts.map((text, i) => write(`d${i}`, [text])),
          write('staff', ['cat cat cat dog'], ['staff']),
        ]);
        await store.optimize();
        await store.writeDocuments([write('bird', ['bird song'])]);
        const hits = await store.searchText('cat dog', { k: 5, reader: PUBLIC });
        expect(hits.map((hit) => hit.chunk.documentId)).toEqual(['d2', 'd0', 'd1']);
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
        expect((await store.searchText('cat', { k: 5, reader: EVERYONE }))[0]!.chunk.documentId).toBe(
          'staff',
        );
        expect(
          (await store.searchText('bird', { k: 5, reader: EVERYONE })).map((hit) => hit.chunk.documentId),
        ).toEqual(['bird']);
        await store.close();
      },
    );

    it('lists every document version batch by batch, as listDocuments holds them', async () => {
      const store = await harness.open();
      await store.writeDocuments([write('b', ['beta']), write('a', ['alpha']), write('c', ['gamma'])]);
      const versions = [];
      for await (const batch of store.listDocumentVersions?.() ?? []) versions.push(...batch);
      const records = await store.listDocuments();
      expect(versions.map((version) => version.id).sort()).toEqual(['a', 'b', 'c']);
      for (const version of versions) {
        const record = records.get(version.id);
        expect(version).toEqual({
          id: record?.id,
          hash: record?.hash,
          ...(record?.origin === undefined ? {} : { origin: record.origin }),
        });
      }
      await store.close();
    });

    it('replaces a changed document in one write: stale chunks go, nothing is duplicated', async () => {
      const store = await harness.open();
      await store.writeDocuments([
        write('a', ['alpha one', 'alpha two', 'alpha three']),
        write('b', ['beta']),
      ]);
      await store.writeDocuments([write('a', ['alpha new'], ['public'], 'hash-a2')]);
      expect((await store.getDocumentChunks('a')).map((chunk) => chunk.text)).toEqual(['alpha new']);
      const documents = await store.listDocuments();
      expect(documents.get('a')).toMatchObject({ hash: 'hash-a2', chunkCount: 1 });
      expect((await store.stats()).chunks).toBe(2);
      expect(
        (await store.searchText('alpha', { k: 10, reader: EVERYONE })).map((hit) => hit.chunk.text),
      ).toEqual(['alpha new']);
      await store.deleteDocuments(['b']);
      expect([...(await store.listDocuments()).keys()]).toEqual(['a']);
      const stats = await store.stats();
      expect(stats).toMatchObject({ documents: 1, chunks: 1, language: 'english' });
      expect(stats.lastIngestAt).not.toBeNull();
      expect(await store.searchText('beta', { k: 10, reader: EVERYONE })).toEqual([]);
      await store.close();
    });

    it('keeps records and chunks exactly as written, and returns chunks in the order asked', async () => {
      const store = await harness.open();
      const record = makeRecord('guide.md', 3, {
        title: 'Guide',
        source: 'docs/guide.md',
        format: 'markdown',
        groups: ['public', 'staff'],
        modifiedAt: '2026-03-04T05:06:07.000Z',
        ingestedAt: '2026-03-05T00:00:00.000Z',
        origin: 'files:docs',
      });
      const chunks = ['first part', 'second part', 'third part'].map((text, i) =>
        makeChunk('guide.md', i, text, {
          title: 'Guide',
          headingPath: ['Guide', `Part ${i}`],
          start: i * 20,
          end: i * 20 + text.length,
          groups: ['public', 'staff'],
          metadata: { owner: 'ops', version: 3, draft: false, note: null },
          // Where the passage sits in its file (file:line, PDF pages), kept as written.
          ...(i === 2
            ? { page: 3, endPage: 4 }
            : { sourceStart: i * 20, sourceEnd: i * 20 + 9, line: i + 1, endLine: i + 2 }),
        }),
      );
      await store.writeDocuments([{ document: record, chunks: [...chunks].reverse() }]);
      // Both come back with the language they were analyzed in (retrieve.language: english here).
      const analyzed = chunks.map((chunk) => ({ ...chunk, language: 'english' }));
      expect((await store.listDocuments()).get('guide.md')).toEqual({ ...record, language: 'english' });
      expect((await store.getDocuments?.(['guide.md', 'missing']))?.get('guide.md')).toEqual({
        ...record,
        language: 'english',
      });
      expect(await store.getDocumentChunks('guide.md')).toEqual(analyzed);
      expect(await store.getChunks(['guide.md#2', 'missing#0', 'guide.md#0'])).toEqual([
        analyzed[2],
        analyzed[0],
      ]);
      expect(await store.getChunks([])).toEqual([]);
      await store.close();
    });

    it('narrows a search with a where predicate on chunk columns', async () => {
      const store = await harness.open();
      await store.writeDocuments([write('a', ['shared words here']), write('b', ['shared words there'])]);
      await store.optimize();
      const hits = await store.searchText('shared words', {
        k: 5,
        reader: EVERYONE,
        where: "doc_id IN ('b')",
      });
      expect(hits.map((hit) => hit.chunk.documentId)).toEqual(['b']);
      await store.close();
    });

    it('refuses a write listing one document twice, and writes nothing of it', async () => {
      const store = await harness.open();
      await expect(store.writeDocuments([write('x', ['one']), write('x', ['two'])])).rejects.toMatchObject({
        code: 'INDEX_FAILED',
      });
      expect((await store.listDocuments()).size).toBe(0);
      await store.close();
    });

    it('analyzes words as retrieve.language says, and refuses to mix analyzers in one index', async () => {
      const name = harness.freshName();
      const store = await harness.open({ name, language: 'none' });
      await store.writeDocuments([
        write('de', ['Die Rückerstattung dauert 30 Tage']),
        write('en', ['refunds take days']),
      ]);
      await store.optimize();
      const ids = async (query: string) =>
        (await store.searchText(query, { k: 3, reader: EVERYONE })).map((hit) => hit.chunk.documentId);
      expect(await ids('die')).toEqual(['de']);
      expect(await ids('refund')).toEqual([]);
      expect(await ids('ruckerstattung')).toEqual(['de']);
      await store.close();
      await expect(harness.open({ name, language: 'english' })).rejects.toMatchObject({
        code: 'INDEX_INCOMPATIBLE',
        hint: expect.stringContaining('knowhow ingest --rebuild'),
      });
      const reopened = await harness.open({ name });
      expect(reopened.language).toBe('none');
      await reopened.close();
    });

    it('survives empty queries and queries of words it has never seen', async () => {
      const store = await harness.open();
      expect(await store.searchText('?!', { k: 3, reader: EVERYONE })).toEqual([]);
      expect(await store.searchText('anything', { k: 3, reader: EVERYONE })).toEqual([]);
      await store.writeDocuments([write('a', ['some text'])]);
      expect(await store.searchText('unheard', { k: 3, reader: EVERYONE })).toEqual([]);
      await store.close();
    });

    it('stores vectors, searches them with the access filter inside, and returns them by chunk hash', async (context) => {
      if (!harness.vectors) {
        context.skip();
        return;
      }
      const name = harness.freshName();
      const store = await harness.open({ name, vectorDimensions: 3, embeddingModel: 'test:embed' });
      // Twenty restricted chunks nearer to the query than any public one: a filter applied after
      // the nearest-neighbour search would leave the public reader with nothing.
      const near = Array.from({ length: 20 }, (_, i) => ({
        ...write(`staff-${i}`, [`staff text ${i}`], ['staff']),
        vectors: [[1, 0.001 * i, 0]],
      }));
      await store.writeDocuments([
        ...near,
        { ...write('x', ['x text']), vectors: [[0.6, 0.8, 0]] },
        { ...write('z', ['z text']), vectors: [[0, 1, 0]] },
        { ...write('w', ['w text']), vectors: [[0, 0, 1]] },
      ]);
      await store.optimize();
      const hits = await store.searchVector([1, 0, 0], { k: 2, reader: PUBLIC });
      expect(hits.map((hit) => hit.chunk.documentId)).toEqual(['x', 'z']);
      expect(hits[0]!.score).toBeCloseTo(0.6, 5);
      expect((await store.searchVector([1, 0, 0], { k: 3, reader: EVERYONE }))[0]!.chunk.documentId).toBe(
        'staff-0',
      );
      const reused = await store.getVectorsByHash([makeChunk('x', 0, 'x text').hash, 'unknown']);
      // Stored as 32-bit floats by both engines; compared as such.
      expect([...reused.keys()]).toEqual([makeChunk('x', 0, 'x text').hash]);
      expect([...reused.values()][0]!.map(Math.fround)).toEqual([0.6, 0.8, 0].map(Math.fround));
      await expect(
        store.writeDocuments([{ ...write('bad', ['bad text']), vectors: [[1, 0]] }]),
      ).rejects.toMatchObject({ code: 'INDEX_FAILED' });
      expect((await store.listDocuments()).has('bad')).toBe(false);
      await store.close();
      await expect(
        harness.open({ name, vectorDimensions: 4, embeddingModel: 'other' }),
      ).rejects.toMatchObject({
        code: 'INDEX_INCOMPATIBLE',
      });
    });

    it('fuses before reading, where it can: the same hits, scores and ranks as fusing both searches, never a restricted chunk', async (context) => {
      const probe = await harness.open();
      const fusesInside = typeof probe.searchHybrid === 'function';
      await probe.close();
      if (!harness.vectors || !fusesInside) {
        context.skip();
        return;
      }
      const store = await harness.open({ vectorDimensions: 3, embeddingModel: 'test:embed' });
      // Staff chunks best by both retrievers: fused after the fact, they would fill the public top k.
      const staff = Array.from({ length: 12 }, (_, i) => ({
        ...write(`staff-${i}`, ['refund refund refund policy'], ['staff']),
        vectors: [[1, 0.001 * i, 0]],
      }));
      const visible = Array.from({ length: 8 }, (_, i) => ({
        ...write(`public-${i}`, [`the refund window is ${i + 10} days${' long'.repeat(i)}`]),
        vectors: [[1 - 0.1 * i, 0.1 * i + 0.05, 0.2]],
      }));
      await store.writeDocuments([...staff, ...visible]);
      await store.optimize();
      const fuse: FuseRankings = (lists, limit) => fuseRankings(lists, { limit });
      for (const reader of [PUBLIC, EVERYONE]) {
        const search = { k: 6, reader };
        const expected = fuseReciprocalRank(
          [await store.searchText('refund days', search), await store.searchVector([1, 0, 0], search)],
          { limit: 4 },
        );
        const hits = await store.searchHybrid!('refund days', [1, 0, 0], {
          k: 4,
          candidates: 6,
          reader,
          fuse,
        });
        expect(hits.map((hit) => [hit.chunk, hit.score, hit.rank])).toEqual(
          expected.map((hit) => [hit.chunk, hit.score, hit.rank]),
        );
        if (reader === PUBLIC) expect(hits.every((hit) => hit.chunk.groups.includes('public'))).toBe(true);
      }
      await store.close();
    });

    it('says that an index without vectors cannot do dense retrieval', async () => {
      const store = await harness.open();
      await expect(store.searchVector([1, 0, 0], { k: 2, reader: EVERYONE })).rejects.toMatchObject({
        code: 'INDEX_INCOMPATIBLE',
      });
      expect(await store.getVectorsByHash(['anything'])).toEqual(new Map());
      await store.close();
    });
  });
}
