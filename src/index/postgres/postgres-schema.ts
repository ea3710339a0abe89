import { KnowhowError } from '../../core/errors.js';

/**
 * The tables of a knowhow index in PostgreSQL, all in one schema (default `knowhow`):
 *
 * - `meta`: key → JSON value; the schema version and the settings fixed at creation (analyzer
 *   language, vector dimensions, embedding model, text-search path).
 * - `documents`: what incremental ingest compares against, with the language each document was
 *   analyzed in (`retrieve.language`, or the detected one under `auto`) and its origin.
 * - `chunks`: one row per passage, with the analyzed length and term ids BM25 needs, the access
 *   groups (GIN-indexed) and an optional pgvector column (HNSW, built by `optimize`).
 * - `terms`: the term dictionary; `postings` store 4-byte ids, not words.
 * - `postings`: the inverted index, term → chunk with the term frequency, the chunk's length and
 *   its access set copied in, so that a BM25 query reads one index and nothing else: the primary
 *   key (term, chunk) INCLUDEs them (index-only scans). Rows are as narrow as the values allow
 *   (schema v2): the chunk's 4-byte surrogate key, 2-byte frequency and length.
 * - `access_sets`: each distinct group list once; a posting carries the 4-byte id of its chunk's.
 * - `corpus_stats`: BM25's corpus statistics as insert-only deltas (documents, chunks, total
 *   length), one row per committed write, summed by readers and folded by `optimize`. A single
 *   counter row would make every writer in every process wait for every other one's commit.
 * - `term_stats`: each term's document frequency (passages holding it) the same way, insert-only
 *   deltas per write, summed per query term and folded by `optimize`. Counting the postings
 *   instead took 199 of a 226 ms query at 1,000,000 passages here (a word in 996,428 of them).
 */
export const POSTGRES_SCHEMA_VERSION = 2;

/**
 * The largest term frequency and passage length a posting stores (`smallint`). Both are clamped
 * there when written: a passage is a chunk of at most a few thousand tokens, so the clamp never
 * changes a score in practice, while the 2-byte columns took a posting's index entry from 40 to
 * 24 bytes (the postings are 3/4 of the index: 113 of 153 MB at 10,000 passages on v1).
 */
export const POSTING_VALUE_MAX = 32_767;

/** The largest chunk key (`integer`), the MAXVALUE of its sequence. */
export const CHUNK_KEY_MAX = 2_147_483_647;

/** A PostgreSQL schema name as knowhow accepts it: lower-case, no quoting surprises. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new KnowhowError(
      'CONFIG_INVALID',
      `index.schema "${schema}" is not a plain PostgreSQL schema name.`,
      {
        hint: 'Use lower-case letters, digits and underscores, starting with a letter (e.g. knowhow).',
        details: { field: 'index.schema' },
      },
    );
  }
  return schema;
}

/** A connection or pool, or a store's own query method: whatever runs one statement. */
export interface SqlRunner {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** `DROP SCHEMA … CASCADE` of each, when there: what `PostgresIndexStore.destroy` does to one index. */
export async function dropSchemas(client: SqlRunner, schemas: string[]): Promise<void> {
  for (const schema of schemas) {
    await client.query(`DROP SCHEMA IF EXISTS ${tableNames(schema).schema} CASCADE`);
  }
}

/**
 * The OID of the schema named `schema`, or undefined when there is none: a rebuild swaps a new
 * schema in under the same name, so the OID tells a store whether it is still reading the one
 * it opened.
 */
export async function readNamespaceOid(client: SqlRunner, schema: string): Promise<string | undefined> {
  const { rows } = await client.query('SELECT oid::text AS oid FROM pg_namespace WHERE nspname = $1', [
    schema,
  ]);
  return rows[0]?.oid as string | undefined;
}

/** Qualified, quoted table names of one index. */
export interface TableNames {
  schema: string;
  meta: string;
  documents: string;
  chunks: string;
  terms: string;
  postings: string;
  accessSets: string;
  corpusStats: string;
  termStats: string;
}

export function tableNames(schema: string): TableNames {
  const quoted = `"${checkSchemaName(schema)}"`;
  return {
    schema: quoted,
    meta: `${quoted}.meta`,
    documents: `${quoted}.documents`,
    chunks: `${quoted}.chunks`,
    terms: `${quoted}.terms`,
    postings: `${quoted}.postings`,
    accessSets: `${quoted}.access_sets`,
    corpusStats: `${quoted}.corpus_stats`,
    termStats: `${quoted}.term_stats`,
  };
}

export type TextSearchPath = 'portable' | 'pg_textsearch';

export interface SchemaSettings {
  language: string;
  vectorDimensions: number | null;
  embeddingModel: string | null;
  textSearch: TextSearchPath;
}

/** The statements that create schema version 2 (one transaction; PostgreSQL DDL is transactional). */
export function createSchemaStatements(names: TableNames, settings: SchemaSettings): string[] {
  const vectorColumn =
    settings.vectorDimensions === null ? '' : `,\n  vector vector(${settings.vectorDimensions})`;
  // Only the pg_textsearch path reads the analyzed text as a column; the portable path has postings.
  const searchTextColumn = settings.textSearch === 'pg_textsearch' ? ',\n  search_text text NOT NULL' : '';
  return [
    `CREATE SCHEMA IF NOT EXISTS ${names.schema}`,
    `CREATE TABLE ${names.meta} (key text PRIMARY KEY, value jsonb NOT NULL)`,
    `CREATE TABLE ${names.documents} (
  id text COLLATE "C" PRIMARY KEY,
  hash text NOT NULL,
  title text NOT NULL,
  source text NOT NULL,
  format text NOT NULL,
  modified_at text NOT NULL,
  groups text[] NOT NULL,
  chunk_count integer NOT NULL,
  ingested_at text NOT NULL,
  language text NOT NULL,
  origin text NOT NULL DEFAULT ''
)`,
    `CREATE TABLE ${names.accessSets} (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  groups text[] NOT NULL UNIQUE
)`,
    `CREATE TABLE ${names.terms} (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  term text COLLATE "C" NOT NULL UNIQUE
)`,
    // Column names as in the LanceDB store where they exist there, so that SearchOptions.where
    // predicates (e.g. `doc_id IN (…)`) mean the same on both engines.
    // `key` is what a posting refers to: 4 bytes, up to 2,147,483,647 passages ever written (a
    // rewritten passage takes a new key; `ingest --rebuild` starts again from 1).
    `CREATE TABLE ${names.chunks} (
  key integer GENERATED ALWAYS AS IDENTITY (MAXVALUE ${CHUNK_KEY_MAX}) PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  doc_id text COLLATE "C" NOT NULL,
  doc_hash text NOT NULL,
  chunk_index integer NOT NULL,
  text text NOT NULL,
  title text NOT NULL,
  heading_path text[] NOT NULL,
  start_offset integer NOT NULL,
  end_offset integer NOT NULL,
  source text NOT NULL,
  groups text[] NOT NULL,
  access integer NOT NULL,
  tokens integer NOT NULL,
  hash text NOT NULL,
  metadata jsonb NOT NULL,
  payload text NOT NULL,
  length integer NOT NULL,
  term_ids integer[] NOT NULL,
  term_counts integer[] NOT NULL${searchTextColumn}${vectorColumn}
)`,
    `CREATE INDEX chunks_doc_id ON ${names.chunks} (doc_id, chunk_index)`,
    `CREATE INDEX chunks_hash ON ${names.chunks} (hash)`,
    `CREATE INDEX chunks_groups ON ${names.chunks} USING gin (groups)`,
    createPostingsSql(names),
    `CREATE TABLE ${names.corpusStats} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  documents bigint NOT NULL,
  chunks bigint NOT NULL,
  length bigint NOT NULL,
  written_at timestamptz
)`,
    `CREATE TABLE ${names.termStats} (term integer NOT NULL, chunks integer NOT NULL)`,
    `CREATE INDEX term_stats_term ON ${names.termStats} (term) INCLUDE (chunks)`,
  ];
}

/**
 * The postings table of schema v2: 16 bytes of values per heap row, no padding (the integers,
 * then the two smallints), and 24-byte entries in the primary key's B-tree (v1: 24 and 40 bytes).
 */
function createPostingsSql(names: TableNames): string {
  return `CREATE TABLE ${names.postings} (
  chunk integer NOT NULL,
  term integer NOT NULL,
  access integer NOT NULL,
  tf smallint NOT NULL,
  length smallint NOT NULL,
  PRIMARY KEY (term, chunk) INCLUDE (tf, length, access)
)`;
}

/**
 * v1 → v2: the chunk key and the postings' chunk reference become `integer`, term frequency and
 * length `smallint` (clamped, see POSTING_VALUE_MAX). One ALTER per table, so that each is
 * rewritten (and its indexes rebuilt) once; a key past the integer range fails the migration,
 * which leaves the index at v1 (`ingest --rebuild` renumbers).
 */
function migrateToVersion2(names: TableNames): string[] {
  return [
    `ALTER TABLE ${names.chunks} ALTER COLUMN key TYPE integer, ALTER COLUMN key SET MAXVALUE ${CHUNK_KEY_MAX}`,
    `ALTER TABLE ${names.postings}
  ALTER COLUMN chunk TYPE integer,
  ALTER COLUMN tf TYPE smallint USING least(tf, ${POSTING_VALUE_MAX}),
  ALTER COLUMN length TYPE smallint USING least(length, ${POSTING_VALUE_MAX})`,
  ];
}

/**
 * Migrations by the version they produce: each takes an index at version − 1 to that version;
 * `migratePostgresIndex` applies them in order, in one transaction.
 */
export const migrations: Record<number, (names: TableNames) => string[]> = { 2: migrateToVersion2 };

/** The command that upgrades an index in place, named in every version-mismatch error. */
export const MIGRATE_COMMAND = 'knowhow index migrate';
