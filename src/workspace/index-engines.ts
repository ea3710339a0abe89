import { KnowhowError } from '../core/errors.js';
import type { IndexEngineName, IndexStore, WriteSessionOptions } from '../core/index-store.js';
import type { LanguageSetting } from '../core/languages.js';

/**
 * THE place where an IndexStore implementation is chosen: `index.engine` in knowhow.yaml names
 * an entry of `indexEngines`, and nothing else in knowhow constructs a store. Adding an engine
 * is a name in core/index-store.ts (indexEngineNames, which the
 * config schema reads) plus one entry here; the `satisfies` below makes a missing one a type error.
 * Engines are imported when first opened, so commands that never touch the index stay fast.
 */

/** Where a server engine's index lives: a database and a schema in it (PostgreSQL). */
export interface IndexDatabase {
  /** postgres://…, already resolved (index.urlEnv first; never a password from knowhow.yaml). */
  url: string;
  /** The PostgreSQL schema holding the index's tables. */
  schema: string;
  k1?: number;
  b?: number;
  maxConnections?: number;
  /** pgvector's HNSW candidate list per query (index.efSearch). */
  efSearch?: number;
  /** BM25 inside PostgreSQL: the portable postings table, or pg_textsearch's bm25 index. */
  textSearch?: 'portable' | 'pg_textsearch';
}

export interface OpenIndexOptions {
  /** Where an embedded engine keeps its files (`<dataDir>/index`). */
  directory: string;
  /** A server engine's database (index.engine: postgres). */
  database?: IndexDatabase;
  /** How BM25 analyzes words; fixed when the index is built (retrieve.language). */
  language: LanguageSetting;
  /** The embedding size to build (or check) the index for; null: no vectors; omitted: as built. */
  vectorDimensions?: number | null;
  /** `provider:model` of the embedding model, checked against what built the index. */
  embeddingModel?: string | null;
  /** An embedded engine writes from a child process that ends when writes pause (serve.writer). */
  writerProcess?: boolean;
}

/** What `knowhow status` shows of a server engine. */
export interface EngineInfo {
  /** Short server name and version, e.g. "PostgreSQL 15.20". */
  server: string;
  /** The full version() string. */
  serverVersion: string;
  /** Where the index lives: the database URL without its password, and the schema. */
  location: string;
  /** How BM25 is computed there. */
  textSearch: string;
  /** pgvector's version when the index has vectors, else null. */
  pgvector: string | null;
  /** Bytes of each table, its indexes included. */
  tableBytes: Record<string, number>;
}

/** What every engine's store offers beyond IndexStore (status and snippets read these). */
export interface EngineStore extends IndexStore {
  /** A server engine's version, location and sizes (embedded engines have none). */
  engineInfo?(): Promise<EngineInfo>;
  /** The analyzer the index was built with; queries and snippets must use the same. */
  readonly language: LanguageSetting;
  /** Documents whose last write may not have completed; the next ingest rewrites them. */
  pendingDocumentIds(): Set<string>;
}

/** The index's writer lock, held across a whole run (ingest --rebuild takes it before writing anything). */
export interface WriterLock {
  release(): Promise<void>;
}

export interface IndexEngine {
  open(options: OpenIndexOptions): Promise<EngineStore>;
  /** Waits for (or fails with INDEX_LOCKED on) another process's writer lock; readers never take it. */
  lockForWriting(
    options: Pick<OpenIndexOptions, 'directory' | 'database'> & WriteSessionOptions,
  ): Promise<WriterLock>;
  /** Deletes the whole index. */
  destroy(options: Pick<OpenIndexOptions, 'directory' | 'database'>): Promise<void>;
  /**
   * `ingest --rebuild`, under the writer lock: `build` writes a new index where it is told (and
   * closes its store there), which then becomes the index. LanceDB builds it beside the old one,
   * which stays readable and whole if the build fails or dies (index/index-folder-swap.ts),
   * PostgreSQL in a staging schema swapped in by renames (index/postgres/rebuild-postgres-index.ts).
   */
  rebuild<T>(options: IndexLocation, build: (location: IndexLocation) => Promise<T>): Promise<T>;
}

/** Where an index lives: a folder, or a server engine's database. */
export type IndexLocation = Pick<OpenIndexOptions, 'directory' | 'database'>;

function databaseOf(options: Pick<OpenIndexOptions, 'database'>): IndexDatabase {
  if (options.database) return options.database;
  throw new KnowhowError('CONFIG_INVALID', 'index.engine: postgres needs a database.', {
    hint: 'export KNOWHOW_DATABASE_URL=postgres://user:password@host:5432/database (or set index.url without the password).',
    details: { field: 'index.url' },
  });
}

export const indexEngines = {
  lancedb: {
    async open({ writerProcess, ...options }) {
      const { LanceIndexStore, WriterProcessIndexStore } = await import('../index/index.js');
      return writerProcess ? WriterProcessIndexStore.open(options) : LanceIndexStore.open(options);
    },
    async destroy(options) {
      const { LanceIndexStore } = await import('../index/index.js');
      await LanceIndexStore.destroy(options.directory);
    },
    async rebuild(options, build) {
      const { rebuildIndexFolder } = await import('../index/index.js');
      return rebuildIndexFolder(options.directory, (staging) => build({ ...options, directory: staging }));
    },
    async lockForWriting({ directory, purpose, waitSeconds, onWaiting }) {
      const { acquireIndexLock, restoreIndexFolder } = await import('../index/index.js');
      const lock = await acquireIndexLock(directory, {
        purpose: purpose ?? 'write',
        waitSeconds: waitSeconds ?? 0,
        ...(onWaiting ? { onWaiting } : {}),
      });
      // A rebuild that died between its two renames left the old index set aside: it comes back first.
      await restoreIndexFolder(directory).catch(async (error: unknown) => {
        await lock.release();
        throw error;
      });
      return lock;
    },
  },
  postgres: {
    async open(options) {
      const { PostgresIndexStore } = await import('../index/postgres/index.js');
      const database = databaseOf(options);
      return PostgresIndexStore.open({
        ...database,
        language: options.language,
        ...(options.vectorDimensions === undefined ? {} : { vectorDimensions: options.vectorDimensions }),
        ...(options.embeddingModel === undefined ? {} : { embeddingModel: options.embeddingModel }),
      });
    },
    async destroy(options) {
      const { PostgresIndexStore } = await import('../index/postgres/index.js');
      const { url, schema } = databaseOf(options);
      await PostgresIndexStore.destroy({ url, schema });
    },
    async rebuild(options, build) {
      const { rebuildPostgresIndex } = await import('../index/postgres/index.js');
      const database = databaseOf(options);
      return rebuildPostgresIndex(database, (staging) =>
        build({ ...options, database: { ...database, schema: staging } }),
      );
    },
    // The advisory lock of every writer of this schema, on any machine (index/postgres/writer-lock.ts).
    async lockForWriting(options) {
      const { acquirePostgresWriterLock } = await import('../index/postgres/index.js');
      const { url, schema } = databaseOf(options);
      return acquirePostgresWriterLock({
        url,
        schema,
        purpose: options.purpose ?? 'write',
        waitSeconds: options.waitSeconds ?? 0,
        ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
      });
    },
  },
} satisfies Record<IndexEngineName, IndexEngine>;

export function indexEngineFor(name: IndexEngineName): IndexEngine {
  return indexEngines[name];
}
