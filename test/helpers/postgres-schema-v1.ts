import pg from 'pg';
import { tableNames } from '../../src/index/postgres/postgres-schema.js';

/**
 * An empty index as knowhow wrote it at schema v1 (portable BM25, no vectors, English): the DDL
 * of v1 verbatim, kept here so that the v1 → v2 migration is tested against the real thing.
 */
export async function createVersion1Index(url: string, schema: string): Promise<void> {
  const names = tableNames(schema);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const statement of [
      `CREATE SCHEMA ${names.schema}`,
      `CREATE TABLE ${names.meta} (key text PRIMARY KEY, value jsonb NOT NULL)`,
      `CREATE TABLE ${names.documents} (
        id text COLLATE "C" PRIMARY KEY, hash text NOT NULL, title text NOT NULL, source text NOT NULL,
        format text NOT NULL, modified_at text NOT NULL, groups text[] NOT NULL, chunk_count integer NOT NULL,
        ingested_at text NOT NULL, language text NOT NULL, origin text NOT NULL DEFAULT '')`,
      `CREATE TABLE ${names.accessSets} (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, groups text[] NOT NULL UNIQUE)`,
      `CREATE TABLE ${names.terms} (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, term text COLLATE "C" NOT NULL UNIQUE)`,
      `CREATE TABLE ${names.chunks} (
        key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL UNIQUE,
        doc_id text COLLATE "C" NOT NULL, doc_hash text NOT NULL, chunk_index integer NOT NULL, text text NOT NULL,
        title text NOT NULL, heading_path text[] NOT NULL, start_offset integer NOT NULL, end_offset integer NOT NULL,
        source text NOT NULL, groups text[] NOT NULL, access integer NOT NULL, tokens integer NOT NULL,
        hash text NOT NULL, metadata jsonb NOT NULL, payload text NOT NULL, length integer NOT NULL,
        term_ids integer[] NOT NULL, term_counts integer[] NOT NULL)`,
      `CREATE INDEX chunks_doc_id ON ${names.chunks} (doc_id, chunk_index)`,
      `CREATE INDEX chunks_hash ON ${names.chunks} (hash)`,
      `CREATE INDEX chunks_groups ON ${names.chunks} USING gin (groups)`,
      `CREATE TABLE ${names.postings} (
        chunk bigint NOT NULL, term integer NOT NULL, tf integer NOT NULL, length integer NOT NULL,
        access integer NOT NULL, PRIMARY KEY (term, chunk) INCLUDE (tf, length, access))`,
      `CREATE TABLE ${names.corpusStats} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, documents bigint NOT NULL, chunks bigint NOT NULL,
        length bigint NOT NULL, written_at timestamptz)`,
      `CREATE TABLE ${names.termStats} (term integer NOT NULL, chunks integer NOT NULL)`,
      `CREATE INDEX term_stats_term ON ${names.termStats} (term) INCLUDE (chunks)`,
      `INSERT INTO ${names.meta} (key, value) VALUES
        ('schema_version', '1'), ('language', '"english"'), ('vector_dimensions', 'null'),
        ('embedding_model', 'null'), ('text_search', '"portable"'), ('analyzer_revisions', '{}'),
        ('created_at', '"2026-01-01T00:00:00.000Z"')`,
    ]) {
      await client.query(statement);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
