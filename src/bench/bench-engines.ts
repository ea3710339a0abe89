import { KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';
import type { SearchLanguage } from '../core/text/analyze-search-text.js';
import { LanceIndexStore } from '../index/index.js';
import {
  DEFAULT_DATABASE_URL_ENV,
  PostgresIndexStore,
  redactDatabaseUrl,
  type TextSearchPath,
} from '../index/postgres/index.js';
import { startPgliteServer, startThrowawayPostgres, type ThrowawayServer } from './throwaway-postgres.js';

/**
 * The index engines a benchmark can run on, behind one IndexStore factory, so that every
 * benchmark (BEIR, scale) measures each engine through the same code. `postgres` uses the
 * database in KNOWHOW_DATABASE_URL when set (a fresh schema, dropped afterwards), else starts a
 * throwaway local PostgreSQL cluster; `pglite` is PostgreSQL 18 in WebAssembly with pgvector and
 * pg_textsearch (development dependency), over the wire protocol.
 */
export const benchEngines = ['lancedb', 'postgres', 'pglite'] as const;
export type BenchEngine = (typeof benchEngines)[number];

export interface BenchStoreOptions {
  /** A folder the run may use (LanceDB keeps its index there). */
  directory: string;
  language?: SearchLanguage;
  vectorDimensions?: number | null;
  embeddingModel?: string | null;
}

export interface BenchEngineSession {
  engine: BenchEngine;
  /** What runs it, e.g. "LanceDB 0.37 (embedded)" or the PostgreSQL version string. */
  description: string;
  openStore(options: BenchStoreOptions): Promise<IndexStore>;
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
  info?: (line: string) => void;
}

export function parseBenchEngine(value: string): BenchEngine {
  if ((benchEngines as readonly string[]).includes(value)) return value as BenchEngine;
  throw new KnowhowError('USAGE', `--engine must be one of ${benchEngines.join(', ')}, got "${value}".`, {
    hint: 'Example: --engine postgres',
  });
}

export async function startBenchEngine(
  engine: BenchEngine,
  options: StartBenchEngineOptions = {},
): Promise<BenchEngineSession> {
  if (engine === 'lancedb') {
    return {
      engine,
      description: 'LanceDB (embedded)',
      openStore: (store) =>
        LanceIndexStore.open({
          directory: store.directory,
          ...(store.language ? { language: store.language } : {}),
          vectorDimensions: store.vectorDimensions ?? null,
          embeddingModel: store.embeddingModel ?? null,
        }),
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
  return {
    engine,
    get description() {
      return description;
    },
    openStore: async (store) => {
      const schema = `knowhow_bench_${process.pid}_${schemas.length + 1}`;
      schemas.push(schema);
      const opened = await PostgresIndexStore.open({
        url,
        schema,
        ...(store.language ? { language: store.language } : {}),
        vectorDimensions: store.vectorDimensions ?? null,
        embeddingModel: store.embeddingModel ?? null,
        maxConnections: options.maxConnections ?? 10,
        ...(options.textSearch ? { textSearch: options.textSearch } : {}),
      });
      const info = await opened.serverInfo();
      description = `${info.server.replace(/ on [^ ]+ .*$/, '').replace(/,.*$/, '')} · BM25 ${info.textSearch}`;
      return opened;
    },
    stop: async () => {
      for (const schema of schemas) await PostgresIndexStore.destroy({ url, schema }).catch(() => {});
      await server?.stop();
    },
  };
}
