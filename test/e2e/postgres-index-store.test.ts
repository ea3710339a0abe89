import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentWrite } from '../../src/core/index-store.js';
import { EVERYONE } from '../../src/core/types.js';
import { migratePostgresIndex, PostgresIndexStore } from '../../src/index/postgres/postgres-index-store.js';
import { tableNames } from '../../src/index/postgres/postgres-schema.js';
import { writerLockKey } from '../../src/index/postgres/writer-lock.js';
import { availableEngines, type StoreHarness, startStoreHarness } from '../helpers/index-stores.js';
import { makeChunk, makeRecord } from '../helpers/make-chunk.js';
import { checkPostgresIndex } from '../helpers/postgres-consistency.js';
import { createVersion1Index } from '../helpers/postgres-schema-v1.js';

/**
 * What only a server engine has: versions of the schema, connections that fail, writers in other
 * processes (each store here has its own pool: its own sessions, as on another machine), readers
 * during writes, the whole-run lock. On PostgreSQL 15, where sessions are real.
 */

const write = (id: string, texts: string[], hash = `hash-${id}`): DocumentWrite => ({
  document: makeRecord(id, texts.length, { hash }),
  chunks: texts.map((text, i) => makeChunk(id, i, text, { documentHash: hash })),
});

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const settled = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

describe.runIf(availableEngines(['postgres']).length > 0)('PostgresIndexStore on PostgreSQL 15', () => {
  let harness: StoreHarness;
  let url: string;
  beforeAll(async () => {
    harness = await startStoreHarness('postgres');
    url = harness.url!;
  }, 120_000);
  afterAll(async () => harness?.stop());

  it('records its schema version and refuses an older or newer one, naming the command that upgrades', async () => {
    const schema = harness.freshName();
    await (await harness.open({ name: schema })).close();
    const setVersion = (version: number) =>
      withClient(url, (client) =>
        client.query(`UPDATE ${tableNames(schema).meta} SET value = $1::jsonb WHERE key = 'schema_version'`, [
          JSON.stringify(version),
        ]),
      );
    await setVersion(0);
    await expect(harness.open({ name: schema })).rejects.toMatchObject({
      code: 'INDEX_INCOMPATIBLE',
      hint: expect.stringContaining('knowhow index migrate'),
    });
    // No migration leads from v0: the command says so rather than pretending.
    await expect(migratePostgresIndex({ url, schema })).rejects.toMatchObject({ code: 'INDEX_INCOMPATIBLE' });
    await setVersion(99);
    await expect(harness.open({ name: schema })).rejects.toMatchObject({
      code: 'INDEX_INCOMPATIBLE',
      hint: expect.stringContaining('upgrade knowhow'),
    });
    await setVersion(2);
    await expect(migratePostgresIndex({ url, schema })).resolves.toEqual({ from: 2, to: 2 });
    await (await harness.open({ name: schema })).close();
  });

  it('migrates a v1 index to v2 in place: narrow postings, the same hits, writes go on', async () => {
    const schema = harness.freshName();
    await createVersion1Index(url, schema);
    const setVersion = (version: number) =>
      withClient(url, (client) =>
        client.query(`UPDATE ${tableNames(schema).meta} SET value = $1::jsonb WHERE key = 'schema_version'`, [
          JSON.stringify(version),
        ]),
      );
    // Filled by this knowhow's writer (its rows fit the wider v1 columns), then marked v1 again.
    await setVersion(2);
    const writer = await harness.open({ name: schema });
    await writer.writeDocuments([
      write('a', ['refund policy for annual plans', 'shipping takes two days']),
      write('b', ['a refund within thirty days', 'refund refund refund: every refund']),
      write('c', ['nothing about money here']),
    ]);
    await writer.optimize();
    const search = (store: typeof writer) =>
      store
        .searchText('refund days', { k: 10, reader: EVERYONE })
        .then((hits) => hits.map((hit) => [hit.chunk.id, hit.score]));
    const before = await search(writer);
    await writer.close();
    await setVersion(1);
    await expect(harness.open({ name: schema })).rejects.toMatchObject({ code: 'INDEX_INCOMPATIBLE' });
    const columnTypes = () =>
      withClient(url, async (client) =>
        Object.fromEntries(
          (
            await client.query(
              `SELECT table_name || '.' || column_name AS name, data_type FROM information_schema.columns
               WHERE table_schema = $1 AND (table_name = 'postings' OR (table_name = 'chunks' AND column_name = 'key'))`,
              [schema],
            )
          ).rows.map((row) => [row.name, row.data_type]),
        ),
      );
    expect(await columnTypes()).toMatchObject({ 'chunks.key': 'bigint', 'postings.chunk': 'bigint' });

    await expect(migratePostgresIndex({ url, schema })).resolves.toEqual({ from: 1, to: 2 });
    expect(await columnTypes()).toEqual({
      'chunks.key': 'integer',
      'postings.chunk': 'integer',
      'postings.term': 'integer',
      'postings.access': 'integer',
      'postings.tf': 'smallint',
      'postings.length': 'smallint',
    });
    const migrated = await harness.open({ name: schema });
    expect(await search(migrated)).toEqual(before);
    await migrated.writeDocuments([write('d', ['refund in two days'])]);
    expect((await search(migrated)).map(([id]) => id)).toContain('d#0');
    expect(await checkPostgresIndex(url, schema)).toMatchObject({
      missingPostings: 0,
      strayPostings: 0,
      wrongDocumentFrequencies: 0,
    });
    await migrated.close();
    await expect(migratePostgresIndex({ url, schema })).resolves.toEqual({ from: 2, to: 2 });
  });

  it('never shows the password of an unreachable database, and says what to check', async () => {
    const unreachable = 'postgres://app:Very-Secret-Pw@127.0.0.1:9/kb';
    const error = await PostgresIndexStore.open({ url: unreachable }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'INDEX_UNAVAILABLE',
      hint: expect.stringContaining('KNOWHOW_DATABASE_URL'),
    });
    const shown = JSON.stringify(error) + String((error as Error).message) + String((error as Error).stack);
    expect(shown).not.toContain('Very-Secret-Pw');
    expect((error as Error).message).toContain('postgres://app:***@127.0.0.1:9/kb');
  });

  it('tells status the server version, database, schema and the size of every table, adding up to stats', async () => {
    const store = (await harness.open()) as PostgresIndexStore;
    try {
      await store.writeDocuments([write('sized', ['alpha beta gamma', 'delta epsilon'])]);
      const info = await store.serverInfo();
      expect(info).toMatchObject({
        serverVersion: expect.stringMatching(/^15\./),
        database: 'postgres',
        schema: store.schema,
        pgvector: null,
        textSearch: 'portable',
      });
      expect(Object.keys(info.tableBytes).sort()).toEqual(
        [
          'access_sets',
          'chunks',
          'corpus_stats',
          'documents',
          'meta',
          'postings',
          'term_stats',
          'terms',
        ].sort(),
      );
      expect(info.tableBytes.postings).toBeGreaterThan(0);
      const total = Object.values(info.tableBytes).reduce((sum, bytes) => sum + bytes, 0);
      expect((await store.stats()).bytesOnDisk).toBe(total);
    } finally {
      await store.close();
    }
  });

  it('rejects an unusable schema name before touching the database', async () => {
    await expect(PostgresIndexStore.open({ url, schema: 'Knowhow"; DROP' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });

  it('without pgvector, keeps BM25 and refuses vectors at start-up naming CREATE EXTENSION vector', async (context) => {
    const available = await withClient(url, async (client) =>
      Boolean((await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`)).rowCount),
    );
    if (available) {
      context.skip();
      return;
    }
    const schema = harness.freshName();
    await expect(
      harness.open({ name: schema, vectorDimensions: 3, embeddingModel: 'test:embed' }),
    ).rejects.toMatchObject({
      code: 'INDEX_UNAVAILABLE',
      hint: expect.stringContaining('CREATE EXTENSION vector'),
    });
    const store = await harness.open({ name: schema });
    await store.writeDocuments([write('a', ['refund window'])]);
    expect((await store.searchText('refund', { k: 1, reader: EVERYONE }))[0]?.chunk.documentId).toBe('a');
    await store.close();
  });

  it('serialises concurrent writers of the same documents: one whole version each, statistics equal to a recount', async () => {
    const schema = harness.freshName();
    const stores = await Promise.all([1, 2, 3].map(() => harness.open({ name: schema })));
    const rounds = Array.from({ length: 8 }, (_, round) =>
      stores.map((store, s) =>
        store.writeDocuments(
          // Overlapping sets in different orders: the per-document locks must not deadlock.
          Array.from({ length: 12 }, (_, i) => {
            const number = (i * (s + 1) + round) % 15;
            const version = `r${round}s${s}`;
            return write(
              `doc-${number}`,
              Array.from({ length: 1 + ((number + s) % 4) }, (_, c) => `${version} part ${c} refund`),
              version,
            );
          }).filter(
            (entry, i, all) => all.findIndex((other) => other.document.id === entry.document.id) === i,
          ),
        ),
      ),
    );
    for (const round of rounds) await Promise.all(round);
    await Promise.all(stores.map((store) => store.deleteDocuments(['doc-3', 'doc-4'])));
    const report = await checkPostgresIndex(url, schema);
    expect(report.recount).toEqual(report.statistics);
    expect(report).toMatchObject({
      missingPostings: 0,
      strayPostings: 0,
      orphanChunks: 0,
      wrongDocumentFrequencies: 0,
      inconsistentDocuments: [],
    });
    expect(report.recount.documents).toBe(13);
    await stores[0]!.optimize();
    const rows = await withClient(url, (client) =>
      client.query(`SELECT * FROM ${tableNames(schema).corpusStats}`),
    );
    expect(rows.rowCount).toBe(1);
    expect((await stores[1]!.stats()).chunks).toBe(report.recount.chunks);
    // Folded too: one document-frequency row per term still present, still equal to a recount.
    const folded = await withClient(url, (client) =>
      client.query(
        `SELECT count(*)::int AS rows, count(DISTINCT term)::int AS terms FROM ${tableNames(schema).termStats}`,
      ),
    );
    expect(folded.rows[0].rows).toBe(folded.rows[0].terms);
    expect((await checkPostgresIndex(url, schema)).wrongDocumentFrequencies).toBe(0);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('never blocks readers: searches answer from the last commit while a write holds its locks', async () => {
    const schema = harness.freshName();
    const store = await harness.open({ name: schema });
    await store.writeDocuments([write('a', ['refund policy old text'])]);
    const names = tableNames(schema);
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    // A write in flight elsewhere: its rows changed, its transaction open.
    await writer.query('BEGIN');
    await writer.query(
      `DELETE FROM ${names.postings} WHERE chunk IN (SELECT key FROM ${names.chunks} WHERE doc_id = 'a')`,
    );
    await writer.query(`DELETE FROM ${names.chunks} WHERE doc_id = 'a'`);
    await writer.query(`UPDATE ${names.documents} SET hash = 'in-flight' WHERE id = 'a'`);
    const search = store.searchText('refund', { k: 5, reader: EVERYONE });
    expect(await settled(search, 5000)).toBe(true);
    expect((await search).map((hit) => hit.chunk.text)).toEqual(['refund policy old text']);
    expect((await store.listDocuments()).get('a')?.hash).toBe('hash-a');
    expect((await store.getDocumentChunks('a')).length).toBe(1);
    await writer.query('ROLLBACK');
    await writer.end();
    await store.close();
  });

  it('holds other writers while another machine holds the whole-run lock, and names that writer', async () => {
    const schema = harness.freshName();
    const store = await harness.open({ name: schema });
    await store.writeDocuments([write('first', ['written before the lock'])]);
    // Another machine's `knowhow ingest`: its own session, named as knowhow names a lock's connection.
    const elsewhere = new pg.Client({
      connectionString: url,
      application_name: 'knowhow ingest pid 4242@build-host',
    });
    await elsewhere.connect();
    await elsewhere.query('SELECT pg_advisory_lock($1::bigint)', [writerLockKey(schema)]);
    const waiting = store.writeDocuments([write('elsewhere', ['waits for the lock'])]);
    expect(await settled(waiting, 500)).toBe(false);
    // Readers are not held.
    expect(await settled(store.searchText('lock', { k: 5, reader: EVERYONE }), 5000)).toBe(true);
    const refused = await store.beginWrite!({ purpose: 'ingest', waitSeconds: 0 }).catch((error) => error);
    expect(refused).toMatchObject({ code: 'INDEX_LOCKED' });
    expect(String(refused.message)).toContain('ingest of pid 4242 on build-host');
    const told: string[] = [];
    const session = store.beginWrite!({
      purpose: 'ingest',
      waitSeconds: 30,
      onWaiting: (message) => told.push(message),
    });
    setTimeout(() => void elsewhere.end(), 300);
    const held = await session;
    await waiting;
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('waiting for the ingest of pid 4242');
    // This process holds the run lock now: its own writes go on, another machine's wait.
    await store.writeDocuments([write('own', ['written under the lock'])]);
    const later = new pg.Client({ connectionString: url });
    await later.connect();
    const { rows } = await later.query('SELECT pg_try_advisory_lock($1::bigint) AS taken', [
      writerLockKey(schema),
    ]);
    expect(rows[0]?.taken).toBe(false);
    await held.release();
    const after = await later.query('SELECT pg_try_advisory_lock($1::bigint) AS taken', [
      writerLockKey(schema),
    ]);
    expect(after.rows[0]?.taken).toBe(true);
    await later.end();
    expect([...(await store.listDocuments()).keys()].sort()).toEqual(['elsewhere', 'first', 'own']);
    await store.close();
  });
});

/**
 * The analyzer's revisions (src/analyze/analyzer-revision.ts) as the LanceDB store keeps them in
 * its manifest: recorded per language in `meta` on write, checked on open. An index whose Spanish
 * or Greek words were analyzed by older rules opened here with stale terms before.
 */
describe.each(availableEngines(['postgres', 'pglite']))('Analyzer revisions on %s', (engine) => {
  let harness: StoreHarness;
  let url: string;
  beforeAll(async () => {
    harness = await startStoreHarness(engine);
    url = harness.url!;
  }, 120_000);
  afterAll(async () => harness?.stop());

  const recorded = (schema: string) =>
    withClient(url, async (client) => {
      const { rows } = await client.query(
        `SELECT value FROM ${tableNames(schema).meta} WHERE key = 'analyzer_revisions'`,
      );
      return rows[0]?.value as unknown;
    });
  // As an index built before the analyzer's rules changed recorded it: no revisions at all.
  const forgetRevisions = (schema: string) =>
    withClient(url, (client) =>
      client.query(`DELETE FROM ${tableNames(schema).meta} WHERE key = 'analyzer_revisions'`),
    );

  it('records the revision of each language written, and asks an index analyzed by older rules to be rebuilt', async () => {
    const schema = harness.freshName();
    const store = await harness.open({ name: schema, language: 'spanish' });
    await store.writeDocuments([write('es', ['¿Cuándo fue fundada la ciudad?'])]);
    await store.close();
    expect(await recorded(schema)).toEqual({ spanish: 2 });
    await forgetRevisions(schema);
    await expect(harness.open({ name: schema, language: 'spanish' })).rejects.toMatchObject({
      code: 'INDEX_INCOMPATIBLE',
      message: expect.stringContaining('spanish'),
      hint: expect.stringContaining('knowhow ingest --rebuild'),
    });
  });

  it('under auto, records every language its documents were analyzed in and names only the stale ones', async () => {
    const schema = harness.freshName();
    const store = await harness.open({ name: schema, language: 'auto' });
    await store.writeDocuments([
      write('en', ['Refunds for orders are issued within thirty business days by the support team.']),
    ]);
    await store.writeDocuments([
      write('el', ['Οι επιστροφές χρημάτων για τις παραγγελίες διαρκούν τριάντα εργάσιμες ημέρες.']),
    ]);
    await store.close();
    expect(await recorded(schema)).toEqual({ english: 1, greek: 2 });
    await forgetRevisions(schema);
    const error = await harness.open({ name: schema, language: 'auto' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'INDEX_INCOMPATIBLE',
      hint: expect.stringContaining('knowhow ingest --rebuild'),
      details: { languages: ['greek'] },
    });
  });

  it('keeps opening an English index and an empty Spanish one that recorded no revision', async () => {
    const english = harness.freshName();
    const store = await harness.open({ name: english });
    await store.writeDocuments([write('en', ['refunds take days'])]);
    await store.close();
    await forgetRevisions(english);
    const reopened = await harness.open({ name: english });
    expect((await reopened.searchText('refund', { k: 1, reader: EVERYONE }))[0]?.chunk.documentId).toBe('en');
    await reopened.close();
    // No document was analyzed by any rules: nothing to rebuild.
    const empty = harness.freshName();
    await (await harness.open({ name: empty, language: 'spanish' })).close();
    await forgetRevisions(empty);
    await (await harness.open({ name: empty, language: 'spanish' })).close();
  });
});

describe.each(availableEngines(['postgres', 'pglite']))('knowhow optimize on %s', (engine) => {
  let harness: StoreHarness;
  beforeAll(async () => {
    harness = await startStoreHarness(engine);
  }, 120_000);
  afterAll(async () => harness?.stop());

  it('folds the statistics, rebuilds the postings index, keeps every hit and reports the bytes it gave back', async () => {
    const schema = harness.freshName();
    const store = await harness.open({ name: schema });
    // Many small writes, then rewrites: a delta row per term per write, and split index pages.
    for (let round = 0; round < 3; round++) {
      for (let d = 0; d < 20; d++) {
        const words = Array.from({ length: 40 }, (_, w) => `word${(d * 7 + w * 13 + round) % 300}`);
        await store.writeDocuments([
          write(`doc-${d}`, [words.join(' '), `refund ${words.slice(5).join(' ')}`], `r${round}`),
        ]);
      }
    }
    await store.optimize();
    const search = () =>
      store
        .searchText('refund word7 word42', { k: 20, reader: EVERYONE })
        .then((hits) => hits.map((hit) => [hit.chunk.id, hit.score]));
    const before = await search();
    const { bytesOnDisk } = await store.stats();
    const report = await store.maintain!({ full: true });
    expect(report.optimized).toBe(true);
    expect(report.bytesRemoved).toBeGreaterThan(0);
    expect((await store.stats()).bytesOnDisk).toBe(bytesOnDisk - report.bytesRemoved);
    expect(await search()).toEqual(before);
    await store.close();
    if (harness.url) {
      const report = await checkPostgresIndex(harness.url, schema);
      expect(report).toMatchObject({ missingPostings: 0, strayPostings: 0, wrongDocumentFrequencies: 0 });
    }
  });

  it('drops the invalid index a killed REINDEX CONCURRENTLY left behind before rebuilding', async () => {
    const url = harness.url;
    if (!url) return;
    const schema = harness.freshName();
    const store = await harness.open({ name: schema });
    await store.writeDocuments([write('doc-1', ['refund policy words'], 'r1')]);
    const names = tableNames(schema);
    const leftovers = () =>
      withClient(url, async (client) =>
        (
          await client.query(
            `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relname LIKE 'postings_pkey_ccnew%'`,
            [schema],
          )
        ).rows.map((row) => String(row.relname)),
      );
    // What a cancelled rebuild leaves: an index marked invalid that writes still maintain.
    await withClient(url, async (client) => {
      await client.query(`CREATE UNIQUE INDEX postings_pkey_ccnew ON ${names.postings} (term, chunk)`);
      await client.query(
        `UPDATE pg_index SET indisvalid = false WHERE indexrelid = '${names.schema}.postings_pkey_ccnew'::regclass`,
      );
    });
    expect(await leftovers()).toEqual(['postings_pkey_ccnew']);
    await store.maintain!({ full: true });
    expect(await leftovers()).toEqual([]);
    expect((await store.searchText('refund', { k: 5, reader: EVERYONE })).length).toBe(1);
    await store.close();
  });
});
