import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines, type StoreHarness, startStoreHarness } from '../../test/helpers/index-stores.js';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import { configSchema } from '../core/config/schema.js';
import type { DocumentWrite, IndexStore } from '../core/index-store.js';
import type { Progress } from '../core/progress.js';
import { EVERYONE } from '../core/types.js';
import { rebuildSchemaNamesOf } from '../index/postgres/index.js';
import { type IndexLocation, indexEngines } from './index-engines.js';
import { createWorkspace } from './open-workspace.js';

/**
 * `ingest --rebuild` on PostgreSQL (index-engines.ts, index/postgres/rebuild-postgres-index.ts):
 * built in a staging schema while the old index answers, swapped in whole, and nothing else of
 * the database touched. PostgreSQL 15 (real sessions), and PGlite for the vector extension.
 */

const DIMENSIONS = 3;

describe.each(availableEngines(['postgres', 'pglite']))('ingest --rebuild on %s', (engine) => {
  let harness: StoreHarness;
  let url: string;
  beforeAll(async () => {
    harness = await startStoreHarness(engine);
    url = harness.url!;
  }, 120_000);
  afterAll(async () => harness?.stop());

  const vectorOptions = () =>
    harness.vectors ? { vectorDimensions: DIMENSIONS, embeddingModel: 'test:3' } : {};
  const open = (schema: string) => harness.open({ name: schema, ...vectorOptions() });

  const write = (id: string): DocumentWrite => ({
    document: makeRecord(id, 1),
    chunks: [makeChunk(id, 0, `The refund policy of ${id}.`)],
    ...(harness.vectors ? { vectors: [[1, 0.5, 0.25]] } : {}),
  });

  /** An index in `schema` holding `ids`, closed. */
  async function createIndex(schema: string, ids: string[]): Promise<void> {
    const store = await open(schema);
    await store.writeDocuments(ids.map(write));
    await store.optimize();
    await store.close();
  }

  const textDocumentsOf = async (store: IndexStore) =>
    [
      ...new Set(
        (await store.searchText('refund', { k: 10, reader: EVERYONE })).map((hit) => hit.chunk.documentId),
      ),
    ].sort();

  const documentsOf = async (store: IndexStore) => {
    const found = await textDocumentsOf(store);
    if (harness.vectors) {
      const near = await store.searchVector([1, 0.5, 0.25], { k: 10, reader: EVERYONE });
      expect(new Set(near.map((hit) => hit.chunk.documentId))).toEqual(new Set(found));
    }
    return [...new Set(found)].sort();
  };

  async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  const schemasLike = async (schema: string) =>
    (
      await query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1', [
        `${schema}%`,
      ])
    ).map((row) => row.nspname);

  const rebuild = <T>(schema: string, build: (location: IndexLocation) => Promise<T>) =>
    indexEngines.postgres.rebuild({ directory: '', database: { url, schema } }, build);

  /** The build of `ingest --rebuild`: writes `ids` where it is told, closes its store. */
  const buildWith =
    (ids: string[], during: () => Promise<void> = async () => {}) =>
    async (location: IndexLocation) => {
      const store = await open(location.database!.schema);
      try {
        await store.writeDocuments(ids.map(write));
        await during();
        await store.optimize();
      } finally {
        await store.close();
      }
    };

  it('a rebuild whose build throws midway leaves the old documents searchable and no staging schema', async () => {
    const schema = harness.freshName();
    await createIndex(schema, ['alpha', 'beta']);
    const failure = new Error('the embedder failed');
    await expect(
      rebuild(
        schema,
        buildWith(['gamma'], async () => Promise.reject(failure)),
      ),
    ).rejects.toBe(failure);
    const store = await open(schema);
    expect(await documentsOf(store)).toEqual(['alpha', 'beta']);
    await store.close();
    expect(await schemasLike(schema)).toEqual([schema]);
  });

  it('a store opened before the rebuild answers from the old index while it runs and from the new one after', async () => {
    const schema = harness.freshName();
    await createIndex(schema, ['alpha', 'beta']);
    const reader = await open(schema);
    expect(await documentsOf(reader)).toEqual(['alpha', 'beta']);
    const seenDuring: string[][] = [];
    await rebuild(
      schema,
      buildWith(['gamma'], async () => {
        seenDuring.push(await documentsOf(reader));
      }),
    );
    expect(seenDuring).toEqual([['alpha', 'beta']]);
    expect(await documentsOf(reader)).toEqual(['gamma']);
    expect((await reader.stats()).documents).toBe(1);
    await reader.close();
    expect(await schemasLike(schema)).toEqual([schema]);
  });

  it('a store opened before the rebuild takes on the settings of the new index (its analyzer language)', async () => {
    const schema = harness.freshName();
    await createIndex(schema, ['alpha']);
    const reader = await open(schema);
    expect(reader.language).toBe('english');
    await rebuild(schema, async (location) => {
      const store = await harness.open({
        name: location.database!.schema,
        language: 'german',
        ...vectorOptions(),
      });
      await store.writeDocuments([
        { ...write('haus'), chunks: [makeChunk('haus', 0, 'Die Häuser stehen am Fluss.')] },
      ]);
      await store.close();
    });
    // The store looks for a swapped schema at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const hits = await reader.searchText('Haus', { k: 10, reader: EVERYONE });
    expect(hits.map((hit) => hit.chunk.documentId)).toEqual(['haus']);
    expect(reader.language).toBe('german');
    await reader.close();
  });

  it('a store that wants settings the rebuilt index no longer has is told to restart, not to rebuild', async () => {
    const schema = harness.freshName();
    await createIndex(schema, ['alpha']);
    const reader = await harness.open({ name: schema, language: 'english', ...vectorOptions() });
    expect(await textDocumentsOf(reader)).toEqual(['alpha']);
    await rebuild(schema, async (location) => {
      const store = await harness.open({
        name: location.database!.schema,
        language: 'german',
        ...vectorOptions(),
      });
      await store.writeDocuments([write('haus')]);
      await store.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refused = await reader.searchText('refund', { k: 10, reader: EVERYONE }).catch((error) => error);
    expect(refused).toMatchObject({ code: 'INDEX_INCOMPATIBLE' });
    expect(String(refused.message)).toContain('rebuilt while this process had it open');
    expect(String(refused.hint)).toMatch(/^Restart this process/);
    await reader.close();
  });

  it("removes a previous rebuild's leftovers and drops nothing outside the index's schema", async () => {
    const schema = harness.freshName();
    const neighbour = harness.freshName();
    await createIndex(schema, ['alpha']);
    await createIndex(neighbour, ['beta']);
    for (const leftover of [`${schema}_rebuild`, `${schema}_replaced`]) {
      await query(`CREATE SCHEMA "${leftover}"`);
      await query(`CREATE TABLE "${leftover}".meta (key text)`);
    }
    await rebuild(schema, buildWith(['gamma']));
    expect(await schemasLike(schema)).toEqual([schema]);
    const store = await open(schema);
    expect(await documentsOf(store)).toEqual(['gamma']);
    await store.close();
    const other = await open(neighbour);
    expect(await documentsOf(other)).toEqual(['beta']);
    await other.close();
    if (harness.vectors) {
      const [extension] = await query<{ nspname: string }>(
        `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'`,
      );
      expect(extension?.nspname).toBe('public');
    }
  });

  it('refuses to drop a schema under the staging name that holds tables no index has', async () => {
    const schema = harness.freshName();
    await createIndex(schema, ['alpha']);
    const foreign = rebuildSchemaNamesOf(schema).staging;
    await query(`CREATE SCHEMA "${foreign}"`);
    await query(`CREATE TABLE "${foreign}".invoices (id integer)`);
    await query(`INSERT INTO "${foreign}".invoices VALUES (1)`);
    const refused = await rebuild(schema, buildWith(['gamma'])).catch((error) => error);
    expect(refused).toMatchObject({ code: 'INDEX_FAILED' });
    expect(String(refused.message)).toContain(`"${foreign}" holds "invoices"`);
    expect(await query(`SELECT id FROM "${foreign}".invoices`)).toEqual([{ id: 1 }]);
    const store = await open(schema);
    expect(await documentsOf(store)).toEqual(['alpha']);
    await store.close();
    await query(`DROP SCHEMA "${foreign}" CASCADE`);
  });

  it('refuses to rebuild while the vector extension lives inside the index schema, which it would drop', async (context) => {
    if (!harness.vectors) return context.skip();
    const schema = harness.freshName();
    await createIndex(schema, ['alpha']);
    await query(`ALTER EXTENSION vector SET SCHEMA "${schema}"`);
    try {
      await expect(rebuild(schema, buildWith(['gamma']))).rejects.toMatchObject({
        code: 'INDEX_FAILED',
        hint: expect.stringContaining('ALTER EXTENSION vector SET SCHEMA public'),
      });
      expect(await schemasLike(schema)).toEqual([schema]);
    } finally {
      await query('ALTER EXTENSION vector SET SCHEMA public');
    }
    const store = await open(schema);
    expect(await documentsOf(store)).toEqual(['alpha']);
    await store.close();
  });

  it('workspace.ingest({ rebuild }) builds in the staging schema while a reader keeps the old documents', async () => {
    const schema = harness.freshName();
    const root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-rebuild-postgres-'));
    const writeDocs = async (names: string[]) => {
      await rm(path.join(root, 'docs'), { recursive: true, force: true });
      await mkdir(path.join(root, 'docs'));
      for (const name of names) {
        await writeFile(
          path.join(root, 'docs', `${name}.md`),
          `# ${name}\n\nThe refund policy of ${name}.\n`,
        );
      }
    };
    const workspace = createWorkspace({
      config: configSchema.parse({ ingest: { paths: ['docs'] }, index: { engine: 'postgres', schema, url } }),
      root,
      file: null,
      dataDir: path.join(root, '.knowhow'),
    });
    try {
      await writeDocs(['alpha', 'beta']);
      await workspace.ingest();
      const reader = await harness.open({ name: schema });
      const seenDuring = new Set<string>();
      await writeDocs(['gamma']);
      const progress: Progress = {
        tick: () => {
          // Without vectors here (no embedding model): BM25 alone; a failed search is seen too.
          void textDocumentsOf(reader).then(
            (found) => seenDuring.add(found.join()),
            (error: Error) => seenDuring.add(error.message),
          );
        },
        setTotal() {},
        done() {},
      };
      expect((await workspace.ingest({ rebuild: true, progress })).added).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect([...seenDuring]).toEqual(['alpha.md,beta.md']);
      expect(await textDocumentsOf(reader)).toEqual(['gamma.md']);
      await reader.close();
      expect(await schemasLike(schema)).toEqual([schema]);
    } finally {
      await workspace.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a first ingest --rebuild (no index yet) builds the index', async () => {
    const schema = harness.freshName();
    await rebuild(schema, buildWith(['alpha']));
    const store = await open(schema);
    expect(await documentsOf(store)).toEqual(['alpha']);
    await store.close();
  });
});

describe('rebuildSchemaNamesOf', () => {
  it('appends _rebuild and _replaced, and shortens a long schema name the same way every time within 63 bytes', () => {
    expect(rebuildSchemaNamesOf('knowhow')).toEqual({
      staging: 'knowhow_rebuild',
      replaced: 'knowhow_replaced',
    });
    const long = `k${'x'.repeat(62)}`;
    const names = rebuildSchemaNamesOf(long);
    expect(names.replaced.length).toBeLessThanOrEqual(63);
    expect(names.staging.length).toBeLessThanOrEqual(63);
    expect(rebuildSchemaNamesOf(long)).toEqual(names);
    expect(rebuildSchemaNamesOf(`k${'x'.repeat(61)}y`).staging).not.toBe(names.staging);
  });
});
