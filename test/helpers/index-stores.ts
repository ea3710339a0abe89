import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LanguageSetting } from '../../src/analyze/index.js';
import {
  findPostgresBinaries,
  startPgliteServer,
  startThrowawayPostgres,
  type ThrowawayServer,
} from '../../src/bench/throwaway-postgres.js';
import type { IndexStore } from '../../src/core/index-store.js';
import { LanceIndexStore, WriterProcessIndexStore } from '../../src/index/index.js';
import { PostgresIndexStore, type PostgresIndexStoreOptions } from '../../src/index/postgres/index.js';

/**
 * One IndexStore factory per engine, so that one behaviour suite runs against each: LanceDB in a
 * temporary folder, PostgreSQL 15 in a throwaway cluster (initdb + pg_ctl, loopback, trust), and
 * PGlite (PostgreSQL 18 in WebAssembly, with pgvector and pg_textsearch) served over the wire
 * protocol — both of the latter reached through the pg driver exactly as a production database.
 * One server per test file (a cluster starts in 1–7 s here); every `open` without a name gets a
 * fresh schema, so tests never see each other's rows.
 */

/** `lancedb-writer-process`: LanceDB as `knowhow serve` opens it, writing from a child process. */
export type StoreEngine = 'lancedb' | 'lancedb-writer-process' | 'postgres' | 'pglite';

export interface OpenStoreOptions {
  vectorDimensions?: number | null;
  embeddingModel?: string | null;
  language?: LanguageSetting;
  /** Reopen the same index: a folder name (LanceDB) or schema name (PostgreSQL). */
  name?: string;
  /** PostgreSQL only: extra store options (k1, b, textSearch, …). */
  postgres?: Partial<PostgresIndexStoreOptions>;
}

export interface StoreHarness {
  engine: StoreEngine;
  /** What runs behind it, for test names and failure messages. */
  description: string;
  /** The database URL (PostgreSQL engines) or null. */
  url: string | null;
  /** Whether the engine stores vectors (PostgreSQL 15 here has no pgvector). */
  vectors: boolean;
  open(options?: OpenStoreOptions): Promise<IndexStore & { language: LanguageSetting }>;
  /** A fresh, unused index name. */
  freshName(): string;
  stop(): Promise<void>;
}

/** Whether PostgreSQL's server binaries are here; when not, PostgreSQL tests skip saying so loudly. */
export const postgresBinaries = findPostgresBinaries();

const missingMessage =
  '\n' +
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
  '!! SKIPPED: PostgreSQL server binaries (initdb, pg_ctl) were not found, so the      !!\n' +
  '!! PostgreSQL 15 store tests did NOT run. Install them (apt-get install -y          !!\n' +
  '!! postgresql) or set KNOWHOW_PG_BIN to the folder holding initdb.                  !!\n' +
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n';

/** The engines a suite runs on here; prints the loud skip message when PostgreSQL is missing. */
export function availableEngines(wanted: StoreEngine[] = ['lancedb', 'postgres', 'pglite']): StoreEngine[] {
  if (wanted.includes('postgres') && !postgresBinaries) {
    process.stderr.write(missingMessage);
    return wanted.filter((engine) => engine !== 'postgres');
  }
  return wanted;
}

let counter = 0;
function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}_${process.pid}_${counter}`;
}

async function lanceHarness(writerProcess: boolean): Promise<StoreHarness> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-stores-'));
  return {
    engine: writerProcess ? 'lancedb-writer-process' : 'lancedb',
    description: writerProcess ? 'LanceDB (embedded), written from a child process' : 'LanceDB (embedded)',
    url: null,
    vectors: true,
    freshName: () => uniqueName('index'),
    open: (options = {}) => {
      const settings = {
        directory: path.join(root, options.name ?? uniqueName('index')),
        ...(options.vectorDimensions === undefined ? {} : { vectorDimensions: options.vectorDimensions }),
        ...(options.embeddingModel === undefined ? {} : { embeddingModel: options.embeddingModel }),
        ...(options.language ? { language: options.language } : {}),
      };
      return writerProcess ? WriterProcessIndexStore.open(settings) : LanceIndexStore.open(settings);
    },
    stop: () => rm(root, { recursive: true, force: true }),
  };
}

function postgresHarness(
  engine: 'postgres' | 'pglite',
  server: ThrowawayServer,
  vectors: boolean,
): StoreHarness {
  return {
    engine,
    description: server.description,
    url: server.url,
    vectors,
    freshName: () => uniqueName('t'),
    open: (options = {}) =>
      PostgresIndexStore.open({
        url: server.url,
        schema: options.name ?? uniqueName('t'),
        ...(options.vectorDimensions === undefined ? {} : { vectorDimensions: options.vectorDimensions }),
        ...(options.embeddingModel === undefined ? {} : { embeddingModel: options.embeddingModel }),
        ...(options.language ? { language: options.language } : {}),
        maxConnections: 4,
        ...options.postgres,
      }),
    stop: () => server.stop(),
  };
}

/** Starts the engine's server (if it has one) and returns its store factory. */
export async function startStoreHarness(engine: StoreEngine): Promise<StoreHarness> {
  if (engine === 'lancedb' || engine === 'lancedb-writer-process') {
    return lanceHarness(engine === 'lancedb-writer-process');
  }
  if (engine === 'postgres') return postgresHarness('postgres', await startThrowawayPostgres(), false);
  return postgresHarness('pglite', await startPgliteServer(), true);
}
