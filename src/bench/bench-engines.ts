import type { BenchEngine } from '../core/bench-engine-names.js';
import { DEFAULT_DATABASE_URL_ENV, redactDatabaseUrl } from '../core/database-url.js';
import type { IndexEngineName } from '../core/index-store.js';
import type { LanguageSetting } from '../core/languages.js';
import type { TextSearchPath } from '../index/postgres/index.js';
import { type EngineStore, type IndexDatabase, indexEngineFor } from '../workspace/index.js';
import { startPgliteServer, startThrowawayPostgres, type ThrowawayServer } from './throwaway-postgres.js';

export interface BenchStoreOptions {
  /** A folder the run may use (LanceDB keeps its index there). */
  directory: string;
  language?: LanguageSetting;
  vectorDimensions?: number | null;
  embeddingModel?: string | null;
}

export interface BenchEngineSession {
  engine: BenchEngine;
  /** What runs it, e.g. "LanceDB 0.37 (embedded)" or the PostgreSQL version string. */
  description: string;
  /** The engine-table entry that opens its stores (src/workspace/index-engines.ts). */
  indexEngine: IndexEngineName;
  /** A fresh schema for one store on a server engine; null for LanceDB (its folder is the place). */
  database(): IndexDatabase | null;
  /** Opens a store through the engine table, in a fresh place. */
  openStore(options: BenchStoreOptions): Promise<EngineStore>;
  /** Reads the server's version for `description` from a store it opened. */
  describe(store: EngineStore): Promise<void>;
  /** Drops what the runs created (schemas) and stops a throwaway server. */
  stop(): Promise<void>;
}

export interface StartBenchEngineOptions {
  /** The variable holding a database URL (default KNOWHOW_DATABASE_URL). */
  urlEnv?: string;
  textSearch?: TextSearchPath;
  /** Server settings for a throwaway PostgreSQL cluster (memory for large runs). */
  serverSettings?: Record<string, string>;
  /** Connections per store's pool (concurrent benchmark clients need one each). */
  maxConnections?: number;
  /** pgvector's HNSW candidate list per query (default: the store's). */
  efSearch?: number;
  info?: (line: string) => void;
}

/**
 * The index engines a benchmark can run on, behind one IndexStore factory, so that every
 * benchmark (BEIR, scale) measures each engine through the same code. `postgres` uses the
 * database in KNOWHOW_DATABASE_URL when set (a fresh schema, dropped afterwards), else starts a
 * throwaway local PostgreSQL cluster; `pglite` is PostgreSQL 18 in WebAssembly with pgvector and
 * pg_textsearch (development dependency), over the wire protocol. Stores open through the
 * engine table (src/workspace/index-engines.ts), as every other store in knowhow.
 */
export async function startBenchEngine(
  engine: BenchEngine,
  options: StartBenchEngineOptions = {},
): Promise<BenchEngineSession> {
  if (engine === 'lancedb') {
    return {
      engine,
      description: 'LanceDB (embedded)',
      indexEngine: 'lancedb',
      database: () => null,
      openStore: (store) =>
        indexEngineFor('lancedb').open({
          directory: store.directory,
          language: store.language ?? 'english',
          vectorDimensions: store.vectorDimensions ?? null,
          embeddingModel: store.embeddingModel ?? null,
        }),
      describe: async () => {},
      stop: async () => {},
    };
  }
  const variable = options.urlEnv ?? DEFAULT_DATABASE_URL_ENV;
  const given = engine === 'postgres' ? process.env[variable]?.trim() : undefined;
  let server: ThrowawayServer | null = null;
  let url: string;
  if (given) {
    url = given;
    options.info?.(`postgres: the database in ${variable} (${redactDatabaseUrl(url)})`);
  } else {
    server =
      engine === 'postgres'
        ? await startThrowawayPostgres({
            durable: true,
            ...(options.serverSettings ? { settings: options.serverSettings } : {}),
          })
        : await startPgliteServer();
    url = server.url;
    options.info?.(`${engine}: a throwaway server, ${server.description}`);
  }
  const schemas: string[] = [];
  let description = server?.description ?? 'PostgreSQL';
  const database = (): IndexDatabase => {
    const schema = `knowhow_bench_${process.pid}_${schemas.length + 1}`;
    schemas.push(schema);
    return {
      url,
      schema,
      maxConnections: options.maxConnections ?? 10,
      ...(options.efSearch ? { efSearch: options.efSearch } : {}),
      ...(options.textSearch ? { textSearch: options.textSearch } : {}),
    };
  };
  const session: BenchEngineSession = {
    engine,
    get description() {
      return description;
    },
    indexEngine: 'postgres',
    database,
    openStore: async (store) => {
      const opened = await indexEngineFor('postgres').open({
        directory: store.directory,
        database: database(),
        language: store.language ?? 'english',
        vectorDimensions: store.vectorDimensions ?? null,
        embeddingModel: store.embeddingModel ?? null,
      });
      await session.describe(opened);
      return opened;
    },
    describe: async (store) => {
      const info = await store.engineInfo?.();
      if (info?.server) description = `${info.server} · BM25 ${info.textSearch ?? 'portable'}`;
    },
    stop: async () => {
      for (const schema of schemas) {
        await indexEngineFor('postgres')
          .destroy({ directory: '', database: { url, schema } })
          .catch(() => {});
      }
      await server?.stop();
    },
  };
  return session;
}
