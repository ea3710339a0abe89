import pg from 'pg';
import { tableNames } from '../../src/index/postgres/postgres-schema.js';

export interface ConsistencyReport {
  /** What the corpus statistics say (documents, chunks, total analyzed length). */
  statistics: { documents: number; chunks: number; length: number };
  /** The same counted from the rows. */
  recount: { documents: number; chunks: number; length: number };
  /** Postings the chunks' term lists call for but that are missing or differ (tf, length, access). */
  missingPostings: number;
  /** Postings of no chunk, or more postings than the chunks' term lists. */
  strayPostings: number;
  /** Documents whose chunks are not exactly their record's version and count. */
  inconsistentDocuments: string[];
  /** Chunks without a document record. */
  orphanChunks: number;
  /** Terms whose document frequency in term_stats differs from a count of their postings. */
  wrongDocumentFrequencies: number;
}

/** Everything a crash or a race could break in one index schema, counted from scratch. */
export async function checkPostgresIndex(url: string, schema: string): Promise<ConsistencyReport> {
  const names = tableNames(schema);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const number = async (sql: string) => Number((await client.query(sql)).rows[0]?.value ?? 0);
    const statistics = (
      await client.query(
        `SELECT coalesce(sum(documents), 0)::float8 AS documents, coalesce(sum(chunks), 0)::float8 AS chunks,
                coalesce(sum(length), 0)::float8 AS length FROM ${names.corpusStats}`,
      )
    ).rows[0] as { documents: number; chunks: number; length: number };
    const recount = {
      documents: await number(`SELECT count(*)::float8 AS value FROM ${names.documents}`),
      chunks: await number(`SELECT count(*)::float8 AS value FROM ${names.chunks}`),
      length: await number(`SELECT coalesce(sum(length), 0)::float8 AS value FROM ${names.chunks}`),
    };
    const missingPostings = await number(
      `SELECT count(*)::float8 AS value FROM ${names.chunks} c, unnest(c.term_ids, c.term_counts) AS t(term, tf)
       WHERE NOT EXISTS (SELECT 1 FROM ${names.postings} p WHERE p.term = t.term AND p.chunk = c.key
                           AND p.tf = least(t.tf, 32767) AND p.length = least(c.length, 32767) AND p.access = c.access)`,
    );
    const strayPostings =
      (await number(`SELECT count(*)::float8 AS value FROM ${names.postings}`)) -
      (await number(`SELECT coalesce(sum(cardinality(term_ids)), 0)::float8 AS value FROM ${names.chunks}`)) +
      (await number(
        `SELECT count(*)::float8 AS value FROM ${names.postings} p
         WHERE NOT EXISTS (SELECT 1 FROM ${names.chunks} c WHERE c.key = p.chunk)`,
      ));
    const inconsistentDocuments = (
      await client.query(
        `SELECT d.id FROM ${names.documents} d LEFT JOIN ${names.chunks} c ON c.doc_id = d.id
         GROUP BY d.id, d.chunk_count, d.hash
         HAVING count(c.key) <> d.chunk_count OR coalesce(bool_or(c.doc_hash <> d.hash), false)
             OR count(DISTINCT c.chunk_index) <> count(c.key)`,
      )
    ).rows.map((row) => String(row.id));
    const orphanChunks = await number(
      `SELECT count(*)::float8 AS value FROM ${names.chunks} c
       WHERE NOT EXISTS (SELECT 1 FROM ${names.documents} d WHERE d.id = c.doc_id)`,
    );
    const wrongDocumentFrequencies = await number(
      `SELECT count(*)::float8 AS value FROM
         (SELECT term, sum(chunks) AS chunks FROM ${names.termStats} GROUP BY term) s
         FULL JOIN (SELECT term, count(*) AS chunks FROM ${names.postings} GROUP BY term) p ON p.term = s.term
       WHERE coalesce(s.chunks, 0) <> coalesce(p.chunks, 0)`,
    );
    return {
      statistics,
      recount,
      missingPostings,
      strayPostings,
      inconsistentDocuments,
      orphanChunks,
      wrongDocumentFrequencies,
    };
  } finally {
    await client.end();
  }
}
