import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  type AnalyzerRevisions,
  analyzerRevision,
  analyzerRevisionsOf,
  isLanguage,
  languages as knownLanguages,
  type Language,
  type LanguageSetting,
  loadLanguageDetector,
  resolveDocumentLanguage,
  staleAnalyzerLanguages,
} from '../../analyze/index.js';
import { redactDatabaseUrl } from '../../core/database-url.js';
import { KnowhowError } from '../../core/errors.js';
import type {
  DocumentVersion,
  DocumentWrite,
  IndexStats,
  IndexStore,
  MaintenanceReport,
  OptimizeOptions,
  SearchOptions,
  WriteSession,
  WriteSessionOptions,
} from '../../core/index-store.js';
import type { Chunk, DocumentRecord, SearchHit } from '../../core/types.js';
import { readableGroups } from '../readable-groups.js';
import { refusedAfterRebuild } from '../refused-after-rebuild.js';
import { documentSample, searchQueryText } from '../search-text.js';
import {
  analyzeChunk,
  type ChunkTerms,
  canonicalGroups,
  chunkFromRow,
  chunkPayload,
  documentLockKeys,
  lockKey,
  toDocumentRecord,
} from './chunk-rows.js';
import { pageDocumentVersions } from './page-document-versions.js';
import { describePostgresError, wrapError } from './postgres-errors.js';
import {
  checkSchemaName,
  createSchemaStatements,
  dropSchemas,
  MIGRATE_COMMAND,
  migrations,
  POSTGRES_SCHEMA_VERSION,
  POSTING_VALUE_MAX,
  readNamespaceOid,
  type SchemaSettings,
  type TableNames,
  type TextSearchPath,
  tableNames,
} from './postgres-schema.js';
import { bm25PrunedSql, textSearchSql, vectorSql } from './search-sql.js';
import { withPostgresClient } from './with-postgres-client.js';
import { acquirePostgresWriterLock, holdsPostgresWriterLock, writerLockKey } from './writer-lock.js';

export interface PostgresIndexStoreOptions {
  /** postgres://… (resolve it with resolveDatabaseUrl: environment first, never a password from a file). */
  url: string;
  /** The PostgreSQL schema holding the index's tables (default `knowhow`). */
  schema?: string;
  /** Dimensions of the vector column; null when no embedding model is configured. */
  vectorDimensions?: number | null;
  embeddingModel?: string | null;
  /** How BM25 terms are analyzed (`retrieve.language`); fixed when the index is created. */
  language?: LanguageSetting;
  /** BM25 term-frequency saturation (default 1.2, LanceDB's). */
  k1?: number;
  /** BM25 length normalisation (default 0.75, LanceDB's). */
  b?: number;
  /**
   * Where BM25 is computed, fixed when the index is created: `portable` (postings table, any
   * PostgreSQL) or `pg_textsearch` (its bm25 index; PostgreSQL 17+ with the extension).
   */
  textSearch?: TextSearchPath;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /** HNSW candidate list per query (pgvector's hnsw.ef_search; default DEFAULT_EF_SEARCH). */
  efSearch?: number;
  /**
   * Named prepared statements for searches (default: yes, except on PGlite). They are per
   * session: turn them off behind a pooler that hands one session to many clients (PgBouncer in
   * transaction mode). PGlite is one session for every connection, where a second connection
   * preparing the same name failed with 42P05.
   */
  preparedStatements?: boolean;
}

export interface PostgresServerInfo {
  /** version(): the full server description. */
  server: string;
  /** server_version, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
  serverVersion: string;
  database: string;
  schema: string;
  /** pgvector's version when the index has vectors, else null. */
  pgvector: string | null;
  textSearch: TextSearchPath;
  /** Bytes of each of the index's tables, its indexes and TOAST included. */
  tableBytes: Record<string, number>;
}

interface Meta {
  schemaVersion: number;
  language: LanguageSetting;
  vectorDimensions: number | null;
  embeddingModel: string | null;
  textSearch: TextSearchPath;
  /**
   * The analyzer's revision for each language documents were written in (src/analyze), as the
   * LanceDB store's manifest keeps it; undefined in an index written before revisions existed.
   */
  analyzerRevisions: AnalyzerRevisions | undefined;
}

const WRITE_SLICE = 500;
/**
 * What other processes change under a store (the languages they detect, a schema a rebuild swapped
 * in) is looked at again at most this often: the LanceDB store's readers refresh as often.
 */
const REREAD_MS = 1000;
const TEXT_SEARCH_INDEX = 'chunks_search_text_bm25';
const VECTOR_INDEX = 'chunks_vector_hnsw';

/**
 * HNSW candidates per vector query. Measured with `bench scale --engine postgres --chunks 100k
 * --dimensions 768 --ef-search N` (recall@10 of a g1 reader against the exact scan; dense g1 /
 * hybrid g1 p50 on busy cores, load 4–7): 200 → 0.933, 8.9 / 17.1 ms; 400 → 0.981, 14.9 / 20.9 ms;
 * 800 → 0.995, 18.3 / 22.2 ms. At 1,000,000 chunks 200 gave only 0.766 (11.3 / 12.9 ms), so the
 * default buys recall with the few milliseconds it costs; index.efSearch trades them back.
 */
export const DEFAULT_EF_SEARCH = 400;

/**
 * The IndexStore on PostgreSQL: many servers and ingest jobs on many machines share one index.
 * BM25 runs inside PostgreSQL over knowhow's own analyzed terms (postings table; see
 * search-sql.ts), vectors in a pgvector column with an HNSW index, the reader's groups inside
 * every query. A write is one transaction: a crash leaves the previous version or the new one.
 */
export class PostgresIndexStore implements IndexStore {
  readonly kind = 'postgres';
  private dirty = false;
  /** Under `auto`: the languages documents were detected in, re-read at most once a second (other writers add some). */
  private detected: { languages: Language[]; readAt: number } | null = null;
  /**
   * The schema's OID when last looked at (at most once a second): `ingest --rebuild` swaps in a
   * new schema under the same name (rebuild-postgres-index.ts), whose settings may differ from
   * those read at open.
   */
  private namespace: { oid: string; checkedAt: number; refused?: KnowhowError };

  private constructor(
    private readonly pool: pg.Pool,
    private readonly names: TableNames,
    private readonly schemaName: string,
    private readonly meta: Meta,
    private readonly options: {
      k1: number;
      b: number;
      efSearch: number;
      url: string;
      redactedUrl: string;
      preparedStatements: boolean;
    },
    /** pgvector's version when the index has vectors, else null. */
    private readonly vectorVersion: string | null,
    /** What open() was asked for, checked again against an index swapped in by a rebuild. */
    private readonly wanted: CompatibilityWanted,
    namespaceOid: string,
  ) {
    this.namespace = { oid: namespaceOid, checkedAt: Date.now() };
  }

  /**
   * After a rebuild swapped in a new index, its settings replace those read at open; settings
   * this store cannot work with (another embedding model, language) are refused as open() would.
   */
  private async followSwap(): Promise<void> {
    if (this.namespace.refused) throw this.namespace.refused;
    if (Date.now() - this.namespace.checkedAt < REREAD_MS) return;
    const oid = await readNamespaceOid({ query: (sql, values) => this.query(sql, values) }, this.schemaName);
    this.namespace.checkedAt = Date.now();
    // No schema right now: a query says so; same OID: nothing was swapped.
    if (oid === undefined || oid === this.namespace.oid) return;
    const client = await this.connect();
    let meta: Meta;
    try {
      meta = await readMeta(client, this.names);
    } catch (error) {
      throw wrapError(error, this.options.redactedUrl, 'Reading the rebuilt index settings failed.');
    } finally {
      client.release();
    }
    try {
      checkCompatible(meta, this.wanted, this.schemaName);
    } catch (error) {
      if (!KnowhowError.isInstance(error)) throw error;
      this.namespace.refused = refusedAfterRebuild(error);
      throw this.namespace.refused;
    }
    Object.assign(this.meta, meta);
    this.namespace.oid = oid;
    this.detected = null;
  }

  /** The analyzer this index was built with; queries and snippets must use the same. */
  get language(): LanguageSetting {
    return this.meta.language;
  }

  /** The languages its documents were analyzed in: the setting's one, or those detected under `auto`. */
  async documentLanguages(): Promise<Language[]> {
    if (this.meta.language !== 'auto') return [this.meta.language];
    if (this.detected && Date.now() - this.detected.readAt < REREAD_MS) return this.detected.languages;
    const { rows } = await this.query(`SELECT DISTINCT language FROM ${this.names.documents}`);
    const languages = rows.map((row) => row.language).filter(isLanguage);
    this.detected = { languages, readAt: Date.now() };
    return languages;
  }

  get schema(): string {
    return this.schemaName;
  }

  get textSearch(): TextSearchPath {
    return this.meta.textSearch;
  }

  static async open(options: PostgresIndexStoreOptions): Promise<PostgresIndexStore> {
    const schema = checkSchemaName(options.schema ?? 'knowhow');
    const names = tableNames(schema);
    const redactedUrl = redactDatabaseUrl(options.url);
    const efSearch = options.efSearch ?? DEFAULT_EF_SEARCH;
    // The schema is checked on a pool of one first: the settings of the real pool's connections
    // depend on what it finds (pgvector's version).
    const preparing = createPool(options.url, 1, null);
    let prepared: Awaited<ReturnType<typeof prepareSchema>>;
    try {
      prepared = await prepareSchema(preparing, names, schema, options, redactedUrl);
    } finally {
      await preparing.end().catch(() => {});
    }
    const { meta, vectorVersion, namespaceOid } = prepared;
    const settings = vectorVersion === null ? null : vectorSettings(vectorVersion, efSearch);
    const pool = createPool(options.url, options.maxConnections ?? 10, settings);
    try {
      // PGlite serves every connection from one backend and ignores start-up options: set once.
      if (settings) {
        await pool
          .query(settings.map(([name, value]) => `SET ${name} = ${value}`).join('; '))
          .catch((error) => {
            throw wrapError(error, redactedUrl, 'Setting up vector search failed.');
          });
      }
      return new PostgresIndexStore(
        pool,
        names,
        schema,
        meta,
        {
          k1: options.k1 ?? 1.2,
          b: options.b ?? 0.75,
          efSearch,
          url: options.url,
          redactedUrl,
          preparedStatements: options.preparedStatements ?? !(await isSharedSession(pool, redactedUrl)),
        },
        vectorVersion,
        compatibilityWanted(options),
        namespaceOid,
      );
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
  }

  /** Drops the index's schema and everything in it (`ingest --rebuild` swaps instead: rebuild-postgres-index.ts). */
  static async destroy(options: { url: string; schema?: string }): Promise<void> {
    await withPostgresClient(
      { url: options.url, applicationName: 'knowhow', message: 'Dropping the index schema failed.' },
      (client) => dropSchemas(client, [options.schema ?? 'knowhow']),
    );
  }

  /** Nothing is ever half-written here (one transaction per write): no document is pending. */
  pendingDocumentIds(): Set<string> {
    return new Set();
  }

  async listDocuments(): Promise<Map<string, DocumentRecord>> {
    const { rows } = await this.query(`SELECT * FROM ${this.names.documents}`);
    return new Map(rows.map((row) => [String(row.id), toDocumentRecord(row)]));
  }

  listDocumentVersions(): AsyncGenerator<DocumentVersion[]> {
    return pageDocumentVersions((sql, values) => this.query(sql, values), this.names.documents);
  }

  async getDocuments(ids: string[]): Promise<Map<string, DocumentRecord>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.query(`SELECT * FROM ${this.names.documents} WHERE id = ANY($1::text[])`, [
      ids,
    ]);
    return new Map(rows.map((row) => [String(row.id), toDocumentRecord(row)]));
  }

  /**
   * The whole-run writer lock (writer-lock.ts) for a run of writes: other processes' writes wait
   * for its release, and it waits (`waitSeconds`) for another run. Nothing is ever half-written
   * on this engine (one transaction per write), so there is nothing to recover.
   */
  async beginWrite(options: WriteSessionOptions = {}): Promise<WriteSession> {
    const lock = await acquirePostgresWriterLock({
      url: this.options.url,
      schema: this.schemaName,
      ...options,
    });
    return { recovered: { verified: 0, removed: 0 }, release: () => lock.release() };
  }

  async writeDocuments(writes: DocumentWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const ids = writes.map((write) => write.document.id);
    if (new Set(ids).size !== ids.length) {
      throw new KnowhowError('INDEX_FAILED', 'One write lists the same document twice.', {
        hint: 'Two inputs produced the same document id; give records unique ids.',
      });
    }
    await this.followSwap();
    this.checkVectors(writes);
    const languages = await Promise.all(
      writes.map((write) => resolveDocumentLanguage(this.meta.language, documentSample(write))),
    );
    const analyzed = writes.map((write, w) =>
      write.chunks.map((chunk) => analyzeChunk(chunk, languages[w]!)),
    );
    const revisions = this.unrecordedRevisions(languages);
    try {
      // Dictionary rows are committed before the write's transaction: a concurrent writer adding
      // the same new word then waits for a short statement, not for this whole write.
      const termIds = await this.termIds(
        new Set(analyzed.flat().flatMap((terms) => [...terms.counts.keys()])),
      );
      const accessIds = await this.accessSetIds(
        writes.flatMap((write) => write.chunks.map((chunk) => chunk.groups)),
      );
      await this.transaction(async (client) => {
        // Waits while another process prunes (it holds the exclusive form); not when this store does.
        if (!holdsPostgresWriterLock(this.options.url, this.schemaName)) {
          await client.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [this.runLockKey()]);
        }
        await this.lockDocuments(client, ids);
        const removed = await this.removeChunks(client, ids);
        const rows = writes.flatMap((write, w) =>
          write.chunks.map((chunk, c) =>
            this.chunkRow(chunk, languages[w]!, analyzed[w]![c]!, termIds, accessIds, write.vectors?.[c]),
          ),
        );
        let added = { chunks: 0, length: 0 };
        for (let i = 0; i < rows.length; i += 2000) {
          const slice = await this.insertChunks(client, rows.slice(i, i + 2000));
          added = { chunks: added.chunks + slice.chunks, length: added.length + slice.length };
        }
        const inserted = await this.upsertDocuments(client, writes, languages);
        await client.query(
          `INSERT INTO ${this.names.corpusStats} (documents, chunks, length, written_at) VALUES ($1, $2, $3, now())`,
          [inserted, added.chunks - removed.chunks, added.length - removed.length],
        );
        if (revisions) await this.recordAnalyzerRevisions(client, revisions);
      });
      if (revisions) this.meta.analyzerRevisions = { ...this.meta.analyzerRevisions, ...revisions };
      this.dirty = true;
      if (this.detected && languages.some((language) => !this.detected?.languages.includes(language))) {
        this.detected = null;
      }
    } catch (error) {
      throw wrapError(
        error,
        this.options.redactedUrl,
        `Writing ${ids.length} document(s) to the index failed.`,
        {
          hint: 'Nothing was half-written: the transaction rolled back, these documents keep their previous version. Re-run `knowhow ingest`.',
          details: { documents: ids.slice(0, 10) },
        },
      );
    }
  }

  async deleteDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const release = await this.lockWriters('delete');
    try {
      for (let i = 0; i < ids.length; i += WRITE_SLICE) {
        const slice = ids.slice(i, i + WRITE_SLICE);
        await this.transaction(async (client) => {
          await this.lockDocuments(client, slice);
          const removed = await this.removeChunks(client, slice);
          const { rowCount } = await client.query(
            `DELETE FROM ${this.names.documents} WHERE id = ANY($1::text[])`,
            [slice],
          );
          await client.query(
            `INSERT INTO ${this.names.corpusStats} (documents, chunks, length) VALUES ($1, $2, $3)`,
            [-(rowCount ?? 0), -removed.chunks, -removed.length],
          );
        });
      }
      this.dirty = true;
    } catch (error) {
      throw wrapError(error, this.options.redactedUrl, `Deleting ${ids.length} document(s) failed.`);
    } finally {
      await release();
    }
  }

  /**
   * The whole-run lock (writer-lock.ts), waiting as long as it takes: prune holds it, since it
   * decides what to delete from a listing that a concurrent writer would make stale. Re-entrant
   * within this process (its own writes go on). Returns the release function.
   */
  async lockWriters(purpose = 'write'): Promise<() => Promise<void>> {
    const lock = await acquirePostgresWriterLock({
      url: this.options.url,
      schema: this.schemaName,
      purpose,
      waitSeconds: Number.POSITIVE_INFINITY,
    });
    return () => lock.release();
  }

  async searchText(query: string, options: SearchOptions): Promise<SearchHit[]> {
    await this.followSwap();
    const languages = await this.documentLanguages();
    // Under auto the query's own language decides its stop words (analyze/analyze-query.ts).
    const queryLanguage =
      this.meta.language === 'auto' && languages.length > 1
        ? (await loadLanguageDetector()).detect(query)
        : undefined;
    const text = searchQueryText(query, languages, queryLanguage);
    if (!text) return [];
    const groups = readableGroups(options.reader);
    const sqlOptions = { restricted: groups !== null, where: options.where };
    const { rows } =
      this.meta.textSearch === 'pg_textsearch'
        ? await this.query(
            textSearchSql(this.names, this.textSearchIndexName(), sqlOptions),
            [text, options.k, ...(groups ? [groups] : [])],
            !options.where,
          )
        : await this.query(
            bm25PrunedSql(this.names, sqlOptions),
            [text.split(' '), this.options.k1, this.options.b, options.k, ...(groups ? [groups] : [])],
            // A `where` varies per call: preparing each would grow every connection's statement cache.
            !options.where,
          );
    return toHits(rows);
  }

  async searchVector(vector: Float32Array | number[], options: SearchOptions): Promise<SearchHit[]> {
    await this.followSwap();
    if (this.meta.vectorDimensions === null) {
      throw new KnowhowError(
        'INDEX_INCOMPATIBLE',
        'This index has no vectors: dense retrieval needs an embedding model.',
        {
          hint: 'Configure models.embed in knowhow.yaml and run `knowhow ingest --rebuild <paths>`, or use retrieve.mode: bm25.',
        },
      );
    }
    const groups = readableGroups(options.reader);
    const sql = vectorSql(this.names, { restricted: groups !== null, where: options.where });
    const values = [vectorLiteral(vector), options.k, ...(groups ? [groups] : [])];
    // Never prepared: a generic plan cannot see LIMIT and the reader's groups, and chose a GIN
    // bitmap scan plus a sort of every readable vector over the HNSW index (1,055 ms against
    // 57 ms on 20,000 passages here).
    if (options.k <= this.options.efSearch) return toHits((await this.query(sql, values)).rows);
    // More results than the candidate list holds: widen it for this query only (pgvector caps it at 1000).
    const rows = await this.transaction(async (client) => {
      await client.query(`SET LOCAL hnsw.ef_search = ${Math.min(1000, Math.trunc(options.k))}`);
      return (await client.query(sql, values)).rows;
    });
    return toHits(rows);
  }

  async getChunks(ids: string[]): Promise<Chunk[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.query(
      `SELECT id, text, payload FROM ${this.names.chunks} WHERE id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [String(row.id), chunkFromRow(row as ChunkRowOut)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async getDocumentChunks(documentId: string): Promise<Chunk[]> {
    const { rows } = await this.query(
      `SELECT id, text, payload FROM ${this.names.chunks} WHERE doc_id = $1 ORDER BY chunk_index`,
      [documentId],
    );
    return rows.map((row) => chunkFromRow(row as ChunkRowOut));
  }

  async getVectorsByHash(hashes: string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    if (this.meta.vectorDimensions === null || hashes.length === 0) return found;
    const { rows } = await this.query(
      `SELECT DISTINCT ON (hash) hash, vector::real[] AS vector FROM ${this.names.chunks}
       WHERE hash = ANY($1::text[]) AND vector IS NOT NULL`,
      [hashes],
    );
    for (const row of rows) found.set(String(row.hash), (row.vector as number[]).map(Number));
    return found;
  }

  /**
   * Folds the corpus-statistics deltas into one row; after writes from this process, builds the
   * HNSW index if missing (a bulk build is far faster than growing the graph row by row) and
   * refreshes the visibility map and planner statistics (index-only scans of the postings need
   * the first). Cheap when nothing changed. `full` (`knowhow optimize`) also compacts (compact()).
   */
  async optimize(options: OptimizeOptions = {}): Promise<void> {
    await this.maintain(options);
  }

  /**
   * optimize() with what it did (`knowhow optimize`): PostgreSQL keeps no old versions, but a
   * full run gives back the space of folded statistics and split index pages (bytesRemoved).
   */
  async maintain(options: OptimizeOptions = {}): Promise<MaintenanceReport> {
    const report: MaintenanceReport = { optimized: false, versionsRemoved: 0, bytesRemoved: 0 };
    // Rows are searchable as soon as they are committed (new term statistics are summed per
    // query): the fold waits for the optimize() the server queues behind the upload.
    if (options.deferFold && !options.full) return report;
    try {
      const before = options.full ? await this.schemaBytes() : 0;
      await this.foldStatistics();
      if (!this.dirty && !options.full) return report;
      if (this.meta.vectorDimensions !== null) {
        await this.query(
          `CREATE INDEX IF NOT EXISTS ${VECTOR_INDEX} ON ${this.names.chunks} USING hnsw (vector vector_cosine_ops)`,
        );
      }
      if (this.meta.textSearch === 'pg_textsearch') {
        await this.query(
          `CREATE INDEX IF NOT EXISTS ${TEXT_SEARCH_INDEX} ON ${this.names.chunks} USING bm25 (search_text) WITH (text_config = 'simple', k1 = ${this.options.k1}, b = ${this.options.b})`,
        );
      }
      if (options.full) await this.compact();
      await this.query(
        `VACUUM (ANALYZE) ${this.names.postings}, ${this.names.chunks}, ${this.names.documents}, ${this.names.termStats}`,
      );
      this.dirty = false;
      report.optimized = true;
      if (options.full) report.bytesRemoved = Math.max(0, before - (await this.schemaBytes()));
      return report;
    } catch (error) {
      throw wrapError(error, this.options.redactedUrl, 'Optimizing the index failed.');
    }
  }

  /**
   * Gives back what folding and page splits leave empty. term_stats is rewritten (VACUUM FULL):
   * folded, it holds one row per term, but the fold's deletes leave the file at its unfolded size
   * (12.6 of 16.8 MB at 10,000 passages was empty space); the rewrite copies only the live rows,
   * under a lock that holds searches for that copy alone. The postings' primary key is rebuilt
   * without blocking anyone (REINDEX CONCURRENTLY): inserts in the middle of a term's range split
   * pages half-empty, and it ends ~30% empty (65.0 MB against 45.7 MB rebuilt at 10,000).
   */
  private async compact(): Promise<void> {
    await this.query(`VACUUM (FULL) ${this.names.termStats}`);
    const postingsKey = `${this.names.schema}.postings_pkey`;
    await this.dropAbandonedRebuilds();
    // No blocking fallback: PG15 and PGlite both run it, and a concurrent rebuild that fails
    // (cancelled, out of disk) must be reported, not silently retried while holding every writer.
    await this.query(`REINDEX INDEX CONCURRENTLY ${postingsKey}`);
  }

  /**
   * A REINDEX CONCURRENTLY that died (killed session, cancelled statement) leaves an invalid
   * `…_ccnew` index that every later write still maintains; drop it before rebuilding again.
   */
  private async dropAbandonedRebuilds(): Promise<void> {
    const { rows } = await this.query(
      `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND NOT i.indisvalid AND c.relname LIKE '%\\_ccnew%'`,
      [this.schemaName],
    );
    for (const row of rows) {
      await this.query(
        `DROP INDEX IF EXISTS ${this.names.schema}.${pg.escapeIdentifier(String(row.relname))}`,
      );
    }
  }

  /** Bytes of the index's tables, their indexes and TOAST included (what stats() reports). */
  private async schemaBytes(): Promise<number> {
    const { rows } = await this.query(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 AS bytes FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [this.schemaName],
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  private async foldStatistics(): Promise<void> {
    // Only terms with more than one delta row are rewritten: after a fold, one row per term.
    await this.query(
      `WITH folded AS (
         DELETE FROM ${this.names.termStats}
         WHERE term IN (SELECT term FROM ${this.names.termStats} GROUP BY term HAVING count(*) > 1)
         RETURNING term, chunks)
       INSERT INTO ${this.names.termStats} (term, chunks)
       SELECT term, sum(chunks) FROM folded GROUP BY term HAVING sum(chunks) <> 0`,
    );
    await this.query(
      `WITH folded AS (
         DELETE FROM ${this.names.corpusStats} WHERE (SELECT count(*) > 1 FROM ${this.names.corpusStats})
         RETURNING documents, chunks, length, written_at)
       INSERT INTO ${this.names.corpusStats} (documents, chunks, length, written_at)
       SELECT sum(documents), sum(chunks), sum(length), max(written_at) FROM folded HAVING count(*) > 0`,
    );
  }

  async stats(): Promise<IndexStats> {
    await this.followSwap();
    const { rows } = await this.query(
      `SELECT coalesce(sum(documents), 0)::float8 AS documents, coalesce(sum(chunks), 0)::float8 AS chunks,
              coalesce(max(id), 0)::float8 AS version, max(written_at) AS last_ingest_at,
              (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::float8 FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind = 'r') AS bytes
       FROM ${this.names.corpusStats}`,
      [this.schemaName],
    );
    const row = rows[0] ?? {};
    const last = row.last_ingest_at as Date | null;
    return {
      documents: Number(row.documents ?? 0),
      chunks: Number(row.chunks ?? 0),
      version: Number(row.version ?? 0),
      bytesOnDisk: Number(row.bytes ?? 0),
      lastIngestAt: last ? last.toISOString() : null,
      vectorDimensions: this.meta.vectorDimensions,
      embeddingModel: this.meta.embeddingModel,
      language: this.meta.language,
      documentLanguages: await this.countDocumentLanguages(),
    };
  }

  /** Documents per analyzer language, most first. */
  private async countDocumentLanguages(): Promise<Record<string, number>> {
    const { rows } = await this.query(
      `SELECT language, count(*)::float8 AS documents FROM ${this.names.documents} GROUP BY language ORDER BY 2 DESC, 1`,
    );
    return Object.fromEntries(rows.map((row) => [String(row.language), Number(row.documents)]));
  }

  /** What `knowhow status` shows of the server: versions, where the index lives, each table's size. */
  async serverInfo(): Promise<PostgresServerInfo> {
    const { rows } = await this.query(
      `SELECT version() AS version, current_setting('server_version') AS server_version,
              current_database() AS database,
              (SELECT coalesce(jsonb_object_agg(c.relname, pg_total_relation_size(c.oid)), '{}'::jsonb)
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind = 'r') AS tables`,
      [this.schemaName],
    );
    const row = rows[0] ?? {};
    return {
      server: String(row.version ?? ''),
      serverVersion: String(row.server_version ?? ''),
      database: String(row.database ?? ''),
      schema: this.schemaName,
      pgvector: this.vectorVersion,
      textSearch: this.meta.textSearch,
      tableBytes: Object.fromEntries(
        Object.entries((row.tables ?? {}) as Record<string, unknown>).map(([name, bytes]) => [
          name,
          Number(bytes),
        ]),
      ),
    };
  }

  /** serverInfo() as the workspace's EngineStore.engineInfo shows it in `knowhow status`. */
  async engineInfo(): Promise<{
    server: string;
    serverVersion: string;
    location: string;
    textSearch: string;
    pgvector: string | null;
    tableBytes: Record<string, number>;
  }> {
    const info = await this.serverInfo();
    return {
      server: info.server.replace(/ on [^ ]+ .*$/, '').replace(/,.*$/, ''),
      serverVersion: info.server,
      location: `${this.options.redactedUrl} schema ${info.schema}`,
      textSearch: info.textSearch,
      pgvector: info.pgvector,
      tableBytes: info.tableBytes,
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private runLockKey(): string {
    return writerLockKey(this.schemaName);
  }

  private textSearchIndexName(): string {
    return `${this.schemaName}.${TEXT_SEARCH_INDEX}`;
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw wrapError(error, this.options.redactedUrl, 'Cannot connect to the index database.');
    }
  }

  /**
   * `prepare`: a named statement, parsed and planned once per connection. Planning the BM25
   * statement took 2–30 ms on SciFact here (as long as running it); searches always prepare.
   */
  private async query(sql: string, values: unknown[] = [], prepare = false): Promise<pg.QueryResult> {
    try {
      if (prepare && this.options.preparedStatements) {
        const name = `knowhow_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
        return await this.pool.query({ name, text: sql, values });
      }
      return await this.pool.query(sql, values);
    } catch (error) {
      throw wrapError(error, this.options.redactedUrl, 'An index query failed.');
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      // A connection whose transaction failed oddly is not worth reusing.
      client.release(true);
      throw error;
    }
  }

  /**
   * The revisions of this write's languages when `meta` lacks one of them (else null): most writes
   * add no language, and skip the update of the one shared meta row that would queue every
   * concurrent writer behind this one's commit.
   */
  private unrecordedRevisions(languages: readonly Language[]): AnalyzerRevisions | null {
    const written = [...new Set(languages)];
    const recorded = this.meta.analyzerRevisions;
    return written.some((language) => recorded?.[language] !== analyzerRevision(language))
      ? analyzerRevisionsOf(written)
      : null;
  }

  /** Merged into what other writers recorded, in the write's transaction: a crash records nothing. */
  private async recordAnalyzerRevisions(client: pg.PoolClient, revisions: AnalyzerRevisions): Promise<void> {
    await client.query(
      `INSERT INTO ${this.names.meta} AS m (key, value) VALUES ('analyzer_revisions', $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = m.value || excluded.value`,
      [JSON.stringify(revisions)],
    );
  }

  /** Per-document exclusive locks, in one sorted order for every writer: no two writers deadlock. */
  private async lockDocuments(client: pg.PoolClient, ids: string[]): Promise<void> {
    await client.query(
      'SELECT count(pg_advisory_xact_lock(key)) FROM unnest($1::bigint[]) WITH ORDINALITY AS k(key, position)',
      [documentLockKeys(this.schemaName, ids)],
    );
  }

  /** Deletes the documents' chunks and their postings; returns what the statistics lose. */
  private async removeChunks(
    client: pg.PoolClient,
    ids: string[],
  ): Promise<{ chunks: number; length: number }> {
    const { rows } = await client.query(
      `WITH old AS (DELETE FROM ${this.names.chunks} WHERE doc_id = ANY($1::text[]) RETURNING key, term_ids, length),
       gone AS (
         DELETE FROM ${this.names.postings} p
         USING (SELECT o.key, unnest(o.term_ids) AS term FROM old o) d
         WHERE p.term = d.term AND p.chunk = d.key
         RETURNING 1),
       uncounted AS (
         INSERT INTO ${this.names.termStats} (term, chunks)
         SELECT t.term, -count(*) FROM old o, unnest(o.term_ids) AS t(term) GROUP BY t.term
         RETURNING 1)
       SELECT (SELECT count(*) FROM old)::float8 AS chunks,
              (SELECT coalesce(sum(length), 0) FROM old)::float8 AS length,
              (SELECT count(*) FROM gone)::float8 AS postings,
              (SELECT count(*) FROM uncounted)::float8 AS terms`,
      [ids],
    );
    return { chunks: Number(rows[0]?.chunks ?? 0), length: Number(rows[0]?.length ?? 0) };
  }

  /** Ids of terms, adding the new ones (sorted, so two writers adding the same words never deadlock). */
  private async termIds(terms: Set<string>): Promise<Map<string, number>> {
    return this.dictionaryIds(
      [...terms].sort(),
      `WITH wanted AS (SELECT DISTINCT term FROM unnest($1::text[]) AS term),
       added AS (
         INSERT INTO ${this.names.terms} (term)
         SELECT term FROM wanted w
         WHERE NOT EXISTS (SELECT 1 FROM ${this.names.terms} t WHERE t.term = w.term)
         ORDER BY term
         ON CONFLICT (term) DO NOTHING
         RETURNING id, term)
       SELECT id, term AS key FROM added
       UNION ALL
       SELECT id, term AS key FROM ${this.names.terms} WHERE term = ANY($1::text[])`,
      (key) => String(key),
    );
  }

  private async accessSetIds(groupLists: string[][]): Promise<Map<string, number>> {
    const distinct = [...new Set(groupLists.map((groups) => JSON.stringify(canonicalGroups(groups))))].sort();
    return this.dictionaryIds(
      distinct,
      `WITH wanted AS (SELECT DISTINCT ARRAY(SELECT jsonb_array_elements_text(value::jsonb)) AS groups
                       FROM unnest($1::text[]) AS value),
       added AS (
         INSERT INTO ${this.names.accessSets} (groups)
         SELECT groups FROM wanted w
         WHERE NOT EXISTS (SELECT 1 FROM ${this.names.accessSets} a WHERE a.groups = w.groups)
         ON CONFLICT (groups) DO NOTHING
         RETURNING id, groups)
       SELECT id, groups AS key FROM added
       UNION ALL
       SELECT a.id, a.groups AS key FROM ${this.names.accessSets} a JOIN wanted w ON a.groups = w.groups`,
      (key) => JSON.stringify(key),
    );
  }

  /**
   * Looks up (adding where missing) dictionary rows. A row another writer commits while this
   * statement runs is neither inserted (conflict) nor seen (older snapshot): asked again.
   */
  private async dictionaryIds(
    keys: string[],
    sql: string,
    toKey: (value: unknown) => string,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    let missing = keys;
    for (let attempt = 0; missing.length > 0; attempt++) {
      if (attempt === 5) throw new Error(`dictionary rows stayed missing: ${missing.slice(0, 5).join(', ')}`);
      for (let i = 0; i < missing.length; i += 20_000) {
        const { rows } = await this.pool.query(sql, [missing.slice(i, i + 20_000)]);
        for (const row of rows) ids.set(toKey(row.key), Number(row.id));
      }
      missing = missing.filter((key) => !ids.has(key));
    }
    return ids;
  }

  private chunkRow(
    chunk: Chunk,
    language: Language,
    terms: ChunkTerms,
    termIds: Map<string, number>,
    accessIds: Map<string, number>,
    vector: Float32Array | number[] | undefined,
  ): Record<string, unknown> {
    const ids: number[] = [];
    const counts: number[] = [];
    for (const [term, count] of terms.counts) {
      ids.push(termIds.get(term)!);
      counts.push(count);
    }
    return {
      id: chunk.id,
      doc_id: chunk.documentId,
      doc_hash: chunk.documentHash,
      chunk_index: chunk.index,
      text: chunk.text,
      title: chunk.title,
      heading_path: chunk.headingPath,
      start_offset: chunk.start,
      end_offset: chunk.end,
      source: chunk.source,
      groups: chunk.groups,
      access: accessIds.get(JSON.stringify(canonicalGroups(chunk.groups)))!,
      tokens: chunk.tokens,
      hash: chunk.hash,
      metadata: chunk.metadata,
      payload: chunkPayload(chunk, language),
      length: terms.length,
      term_ids: ids,
      term_counts: counts,
      ...(this.meta.textSearch === 'pg_textsearch' ? { search_text: terms.text } : {}),
      // Nine significant digits round-trip a 32-bit float, and keep the JSON a third shorter.
      ...(vector ? { vector: Array.from(vector, (value) => Number(value.toPrecision(9))) } : {}),
    };
  }

  /**
   * Chunks and their postings in one statement; returns what the statistics gain. A posting's
   * frequency and length are clamped to its smallint columns (POSTING_VALUE_MAX): an overlong
   * passage gets the longest length a posting holds instead of failing the whole write.
   */
  private async insertChunks(
    client: pg.PoolClient,
    rows: Record<string, unknown>[],
  ): Promise<{ chunks: number; length: number }> {
    if (rows.length === 0) return { chunks: 0, length: 0 };
    const names = this.names;
    const withText = this.meta.textSearch === 'pg_textsearch';
    const withVector = this.meta.vectorDimensions !== null;
    const columns = [
      'id',
      'doc_id',
      'doc_hash',
      'chunk_index',
      'text',
      'title',
      'heading_path',
      'start_offset',
      'end_offset',
      'source',
      'groups',
      'access',
      'tokens',
      'hash',
      'metadata',
      'payload',
      'length',
      'term_ids',
      'term_counts',
      ...(withText ? ['search_text'] : []),
      ...(withVector ? ['vector'] : []),
    ];
    const recordTypes = [
      'id text',
      'doc_id text',
      'doc_hash text',
      'chunk_index integer',
      'text text',
      'title text',
      'heading_path text[]',
      'start_offset integer',
      'end_offset integer',
      'source text',
      'groups text[]',
      'access integer',
      'tokens integer',
      'hash text',
      'metadata jsonb',
      'payload text',
      'length integer',
      'term_ids integer[]',
      'term_counts integer[]',
      ...(withText ? ['search_text text'] : []),
      ...(withVector ? ['vector real[]'] : []),
    ];
    const selected = columns.map((column) => (column === 'vector' ? 'r.vector::vector' : `r.${column}`));
    const { rows: result } = await client.query(
      `WITH inserted AS (
         INSERT INTO ${names.chunks} (${columns.join(', ')})
         SELECT ${selected.join(', ')} FROM json_to_recordset($1::json) AS r(${recordTypes.join(', ')})
         RETURNING key, length, access, term_ids, term_counts),
       posted AS (
         INSERT INTO ${names.postings} (term, chunk, tf, length, access)
         SELECT t.term, i.key, least(t.tf, ${POSTING_VALUE_MAX}), least(i.length, ${POSTING_VALUE_MAX}), i.access
         FROM inserted i, unnest(i.term_ids, i.term_counts) AS t(term, tf)
         ORDER BY 1, 2
         RETURNING 1),
       counted AS (
         INSERT INTO ${names.termStats} (term, chunks)
         SELECT t.term, count(*) FROM inserted i, unnest(i.term_ids) AS t(term) GROUP BY t.term
         RETURNING 1)
       SELECT (SELECT count(*) FROM inserted)::float8 AS chunks,
              (SELECT coalesce(sum(length), 0) FROM inserted)::float8 AS length,
              (SELECT count(*) FROM posted)::float8 AS postings,
              (SELECT count(*) FROM counted)::float8 AS terms`,
      [JSON.stringify(rows)],
    );
    return { chunks: Number(result[0]?.chunks ?? 0), length: Number(result[0]?.length ?? 0) };
  }

  /** Inserts or replaces the document records; returns how many are new (for the statistics). */
  private async upsertDocuments(
    client: pg.PoolClient,
    writes: DocumentWrite[],
    languages: Language[],
  ): Promise<number> {
    const records = writes.map(({ document, chunks }, i) => ({
      id: document.id,
      hash: document.hash,
      title: document.title,
      source: document.source,
      format: document.format,
      modified_at: document.modifiedAt,
      groups: document.groups,
      chunk_count: chunks.length,
      ingested_at: document.ingestedAt,
      language: languages[i],
      origin: document.origin ?? '',
    }));
    const { rows } = await client.query(
      `WITH upserted AS (
         INSERT INTO ${this.names.documents} (id, hash, title, source, format, modified_at, groups, chunk_count, ingested_at, language, origin)
         SELECT * FROM json_to_recordset($1::json) AS r(id text, hash text, title text, source text, format text,
           modified_at text, groups text[], chunk_count integer, ingested_at text, language text, origin text)
         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, title = excluded.title, source = excluded.source,
           format = excluded.format, modified_at = excluded.modified_at, groups = excluded.groups,
           chunk_count = excluded.chunk_count, ingested_at = excluded.ingested_at,
           language = excluded.language, origin = excluded.origin
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted)::float8 AS inserted FROM upserted`,
      [JSON.stringify(records)],
    );
    return Number(rows[0]?.inserted ?? 0);
  }

  private checkVectors(writes: DocumentWrite[]): void {
    const dimensions = this.meta.vectorDimensions;
    if (dimensions === null) return;
    for (const write of writes) {
      if (!write.vectors || write.vectors.length !== write.chunks.length) {
        throw new KnowhowError(
          'INDEX_FAILED',
          `Document ${write.document.id} has no vectors but the index expects them.`,
          {
            hint: 'This is a bug in the ingest pipeline: report it.',
          },
        );
      }
      write.vectors.forEach((vector, i) => {
        if (vector.length !== dimensions) {
          throw new KnowhowError(
            'INDEX_FAILED',
            `A vector for ${write.chunks[i]?.id} has ${vector.length} dimensions, expected ${dimensions}.`,
            {
              hint: 'The embedding model returned vectors of a different size: rebuild the index with `--rebuild`.',
            },
          );
        }
      });
    }
  }
}

interface ChunkRowOut {
  id: string;
  text: string;
  payload: string;
}

function toHits(rows: Record<string, unknown>[]): SearchHit[] {
  return rows.map((row, i) => ({
    chunk: chunkFromRow(row as unknown as ChunkRowOut),
    score: Number(row.score),
    rank: i + 1,
  }));
}

/** PGlite answers every connection from one backend session (its version() names it). */
async function isSharedSession(pool: pg.Pool, redactedUrl: string): Promise<boolean> {
  try {
    const { rows } = await pool.query('SELECT version() AS version');
    return /\bPGlite\b/.test(String(rows[0]?.version ?? ''));
  } catch (error) {
    throw wrapError(error, redactedUrl, 'Cannot connect to the index database.');
  }
}

function vectorLiteral(vector: Float32Array | number[]): string {
  return `[${Array.from(vector).join(',')}]`;
}

/**
 * Settings of every connection that searches vectors: the HNSW candidate list, and (pgvector ≥
 * 0.8) iterative scans, so that a selective group filter still yields k rows instead of the few
 * that passed among the first ef_search candidates.
 */
function vectorSettings(version: string, efSearch: number): [string, string][] {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const settings: [string, string][] = [
    ['hnsw.ef_search', String(Math.min(1000, Math.max(1, Math.trunc(efSearch))))],
  ];
  if (major > 0 || minor >= 8) settings.push(['hnsw.iterative_scan', 'strict_order']);
  return settings;
}

/** Settings travel in the start-up packet (`options`), so they hold before the first query. */
function createPool(url: string, max: number, settings: [string, string][] | null): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: 'knowhow',
    ...(settings ? { options: settings.map(([name, value]) => `-c ${name}=${value}`).join(' ') } : {}),
  });
  // An idle client's error (server restart, network) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

async function prepareSchema(
  pool: pg.Pool,
  names: TableNames,
  schema: string,
  options: PostgresIndexStoreOptions,
  redactedUrl: string,
): Promise<{ meta: Meta; vectorVersion: string | null; namespaceOid: string }> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw wrapError(error, redactedUrl, 'Cannot connect to the index database');
  }
  try {
    await client.query('BEGIN');
    // Two processes opening an empty database at once: one creates, the other then reads.
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(schema, 'schema')]);
    const wanted: SchemaSettings = {
      language: options.language ?? 'english',
      vectorDimensions: options.vectorDimensions ?? null,
      embeddingModel: options.embeddingModel ?? null,
      textSearch: options.textSearch ?? 'portable',
    };
    const exists = (await client.query('SELECT to_regclass($1) AS meta', [`${names.schema}.meta`])).rows[0]
      ?.meta;
    let meta: Meta;
    if (exists) {
      meta = await readMeta(client, names);
      checkCompatible(meta, compatibilityWanted(options), schema);
      await checkAnalyzerRevisions(client, names, meta, schema);
    } else {
      if (wanted.vectorDimensions !== null)
        await ensureExtension(client, { name: 'vector', schema, redactedUrl });
      if (wanted.textSearch === 'pg_textsearch')
        await ensureExtension(client, { name: 'pg_textsearch', schema, redactedUrl });
      for (const statement of createSchemaStatements(names, wanted)) await client.query(statement);
      // As the LanceDB store's manifest: nothing recorded until documents are written.
      meta = { schemaVersion: POSTGRES_SCHEMA_VERSION, ...wanted, analyzerRevisions: {} } as Meta;
      await writeMeta(client, names, meta);
    }
    const vectorVersion =
      meta.vectorDimensions === null
        ? null
        : await ensureExtension(client, { name: 'vector', schema, redactedUrl });
    const namespaceOid = await readNamespaceOid(client, schema);
    await client.query('COMMIT');
    client.release();
    return { meta, vectorVersion, namespaceOid: String(namespaceOid) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(true);
    throw wrapError(error, redactedUrl, `Preparing the index schema "${schema}" failed.`);
  }
}

async function readMeta(client: pg.PoolClient, names: TableNames): Promise<Meta> {
  const { rows } = await client.query(`SELECT key, value FROM ${names.meta}`);
  const values = new Map(rows.map((row) => [String(row.key), row.value as unknown]));
  return {
    schemaVersion: Number(values.get('schema_version') ?? 0),
    language: (values.get('language') as LanguageSetting | undefined) ?? 'english',
    vectorDimensions: (values.get('vector_dimensions') as number | null | undefined) ?? null,
    embeddingModel: (values.get('embedding_model') as string | null | undefined) ?? null,
    textSearch: (values.get('text_search') as TextSearchPath | undefined) ?? 'portable',
    analyzerRevisions: values.get('analyzer_revisions') as AnalyzerRevisions | undefined,
  };
}

async function writeMeta(client: pg.PoolClient, names: TableNames, meta: Meta): Promise<void> {
  const entries: [string, unknown][] = [
    ['schema_version', meta.schemaVersion],
    ['language', meta.language],
    ['vector_dimensions', meta.vectorDimensions],
    ['embedding_model', meta.embeddingModel],
    ['text_search', meta.textSearch],
    ['analyzer_revisions', meta.analyzerRevisions ?? {}],
    ['created_at', new Date().toISOString()],
  ];
  for (const [key, value] of entries) {
    await client.query(
      `INSERT INTO ${names.meta} (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, JSON.stringify(value)],
    );
  }
}

/** What an index must match to be opened with `options` (language undefined: as built). */
type CompatibilityWanted = Omit<SchemaSettings, 'language'> & { language: LanguageSetting | undefined };

function compatibilityWanted(options: PostgresIndexStoreOptions): CompatibilityWanted {
  return {
    language: options.language,
    vectorDimensions: options.vectorDimensions ?? null,
    embeddingModel: options.embeddingModel ?? null,
    textSearch: options.textSearch ?? 'portable',
  };
}

/** The same refusals as the LanceDB store's manifest checks, plus the schema version. */
function checkCompatible(meta: Meta, wanted: CompatibilityWanted, schema: string): void {
  if (meta.schemaVersion < POSTGRES_SCHEMA_VERSION) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The PostgreSQL index in schema "${schema}" has schema v${meta.schemaVersion}; this knowhow uses v${POSTGRES_SCHEMA_VERSION}.`,
      { hint: `Upgrade it in place: \`${MIGRATE_COMMAND}\` (one transaction; readers keep working).` },
    );
  }
  if (meta.schemaVersion > POSTGRES_SCHEMA_VERSION) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The PostgreSQL index in schema "${schema}" has schema v${meta.schemaVersion}, newer than this knowhow's v${POSTGRES_SCHEMA_VERSION}.`,
      { hint: 'A newer knowhow migrated it: upgrade knowhow on this machine too.' },
    );
  }
  if (wanted.vectorDimensions !== null && meta.vectorDimensions !== wanted.vectorDimensions) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index was built ${meta.embeddingModel ? `with embedding model ${meta.embeddingModel} (${meta.vectorDimensions} dimensions)` : 'without embeddings'}, but the configured embedding model ${wanted.embeddingModel ?? ''} has ${wanted.vectorDimensions}.`,
      { hint: 'Rebuild the index with `knowhow ingest --rebuild <paths>` after changing models.embed.' },
    );
  }
  if (
    wanted.embeddingModel !== null &&
    meta.embeddingModel !== null &&
    meta.embeddingModel !== wanted.embeddingModel
  ) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index was embedded with ${meta.embeddingModel}, but models.embed is now ${wanted.embeddingModel}.`,
      { hint: 'Vectors of different models are not comparable: run `knowhow ingest --rebuild <paths>`.' },
    );
  }
  if (wanted.language !== undefined && wanted.language !== meta.language) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index was built with retrieve.language: ${meta.language}, but knowhow.yaml now says ${wanted.language}.`,
      {
        hint: 'Words are analyzed when they are indexed: run `knowhow ingest --rebuild <paths>`, or set the language back.',
      },
    );
  }
}

/**
 * The LanceDB store's refusal of an index analyzed by older rules (analyzer-revision.ts): the
 * languages documents were written in whose recorded revision (1 when none was recorded) is not
 * this analyzer's. Only languages whose record differs are looked for among the documents, so an
 * up-to-date index (or one in a language whose rules never changed) reads no document here.
 */
async function checkAnalyzerRevisions(
  client: pg.PoolClient,
  names: TableNames,
  meta: Meta,
  schema: string,
): Promise<void> {
  const possible = meta.language === 'auto' ? knownLanguages : [meta.language];
  const suspects = staleAnalyzerLanguages(meta.analyzerRevisions, possible);
  if (suspects.length === 0) return;
  const { rows } = await client.query(
    `SELECT s.language FROM unnest($1::text[]) AS s(language)
     WHERE EXISTS (SELECT 1 FROM ${names.documents} d WHERE d.language = s.language)`,
    [suspects],
  );
  const found = new Set(rows.map((row) => String(row.language)));
  const stale = suspects.filter((language) => found.has(language));
  if (stale.length === 0) return;
  throw new KnowhowError(
    'INDEX_INCOMPATIBLE',
    `The PostgreSQL index in schema "${schema}" holds ${stale.join(', ')} words analyzed by an older knowhow, whose rules for ${stale.length === 1 ? 'that language' : 'those languages'} have changed since.`,
    {
      hint: 'Queries are analyzed by the new rules and would miss those words: run `knowhow ingest --rebuild <paths>`.',
      details: { languages: stale },
    },
  );
}

/**
 * The extension's version, creating it when the server has it and the role may. Missing, it is a
 * start-up error naming the statement that fixes it: dense and hybrid retrieval cannot work.
 */
async function ensureExtension(
  client: pg.PoolClient,
  options: { name: string; schema: string; redactedUrl: string },
): Promise<string> {
  const { name, redactedUrl } = options;
  const installed = async () =>
    (await client.query('SELECT extversion FROM pg_extension WHERE extname = $1', [name])).rows[0]
      ?.extversion as string | undefined;
  const present = await installed();
  if (present) return present;
  await client.query('SAVEPOINT create_extension');
  try {
    await client.query(
      `CREATE EXTENSION IF NOT EXISTS ${name}${await extensionSchemaClause(client, options.schema)}`,
    );
    await client.query('RELEASE SAVEPOINT create_extension');
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT create_extension');
    const purpose =
      name === 'vector'
        ? 'Dense and hybrid retrieval (models.embed) store vectors with pgvector'
        : 'index.textSearch: pg_textsearch needs the pg_textsearch extension (PostgreSQL 17+)';
    throw new KnowhowError(
      'INDEX_UNAVAILABLE',
      `${purpose}, which the database ${redactedUrl} does not have: ${describePostgresError(error)}`,
      {
        cause: error,
        hint:
          name === 'vector'
            ? 'Run `CREATE EXTENSION vector;` in that database as a superuser (install pgvector on the server first), or remove models.embed and use retrieve.mode: bm25 (BM25 needs no extension).'
            : `Run \`CREATE EXTENSION ${name};\` in that database, or use the portable BM25 path (no extension).`,
      },
    );
  }
  return (await installed()) ?? 'unknown';
}

/**
 * Where a new extension goes: the default (the first schema of the search path) unless that holds
 * a knowhow index — with a role named like its index schema, `"$user"` comes first — whose
 * `DROP SCHEMA … CASCADE` in `ingest --rebuild` would drop the extension and every vector column
 * with it; or that is the schema being created. Then `public`.
 */
async function extensionSchemaClause(client: pg.PoolClient, schema: string): Promise<string> {
  const { rows } = await client.query(
    `SELECT current_schema() = $1
        OR to_regclass(quote_ident(current_schema()) || '.meta') IS NOT NULL AS indexed`,
    [schema],
  );
  return rows[0]?.indexed === true ? ' SCHEMA public' : '';
}

/**
 * Applies the migrations from the index's recorded schema version to this knowhow's, in one
 * transaction under the schema lock: `knowhow index migrate`. Returns the versions it went through.
 */
export async function migratePostgresIndex(options: { url: string; schema?: string }): Promise<{
  from: number;
  to: number;
}> {
  const schema = checkSchemaName(options.schema ?? 'knowhow');
  const names = tableNames(schema);
  const redactedUrl = redactDatabaseUrl(options.url);
  const client = new pg.Client({ connectionString: options.url, application_name: 'knowhow' });
  try {
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(schema, 'schema')]);
    const { rows } = await client.query(`SELECT value FROM ${names.meta} WHERE key = 'schema_version'`);
    const from = Number(rows[0]?.value ?? 0);
    if (from > POSTGRES_SCHEMA_VERSION) {
      throw new KnowhowError(
        'INDEX_INCOMPATIBLE',
        `The index has schema v${from}, newer than this knowhow's.`,
        {
          hint: 'Upgrade knowhow instead.',
        },
      );
    }
    for (let version = from + 1; version <= POSTGRES_SCHEMA_VERSION; version++) {
      const migration = migrations[version];
      if (!migration) {
        throw new KnowhowError(
          'INDEX_INCOMPATIBLE',
          `No migration leads from schema v${version - 1} to v${version}.`,
          {
            hint: 'Rebuild the index: `knowhow ingest --rebuild <paths>`.',
          },
        );
      }
      for (const statement of migration(names)) await client.query(statement);
    }
    await client.query(`UPDATE ${names.meta} SET value = $1::jsonb WHERE key = 'schema_version'`, [
      JSON.stringify(POSTGRES_SCHEMA_VERSION),
    ]);
    await client.query('COMMIT');
    return { from, to: POSTGRES_SCHEMA_VERSION };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw wrapError(error, redactedUrl, 'Migrating the index schema failed.');
  } finally {
    await client.end().catch(() => {});
  }
}
