import { createHash } from 'node:crypto';
import { analyze, isLanguage, type Language } from '../../analyze/index.js';
import type { Chunk, DocumentFormat, DocumentRecord } from '../../core/types.js';
import { searchableText } from '../search-text.js';

export { chunkPayload } from '../chunk-payload.js';

/** Every field of a Chunk besides id and text, as one JSON text: reads parse one column, not fourteen. */
export type ChunkPayload = Omit<Chunk, 'id' | 'text'>;

export function chunkFromRow(row: { id: string; text: string; payload: string }): Chunk {
  return { id: row.id, text: row.text, ...(JSON.parse(row.payload) as ChunkPayload) };
}

/** What BM25 needs of a chunk: its analyzed length and each distinct term with its count. */
export interface ChunkTerms {
  length: number;
  counts: Map<string, number>;
  /** The analyzed terms joined by spaces (pg_textsearch's input). */
  text: string;
}

/** The same analyzer call as the LanceDB store, so that both engines index the same terms. */
export function analyzeChunk(chunk: Chunk, language: Language): ChunkTerms {
  const terms = analyze(searchableText(chunk), language);
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return { length: terms.length, counts, text: terms.join(' ') };
}

/** A group list in one canonical form, so that equal lists share one access set. */
export function canonicalGroups(groups: readonly string[]): string[] {
  return [...new Set(groups)].sort();
}

export function toDocumentRecord(row: Record<string, unknown>): DocumentRecord {
  return {
    id: String(row.id),
    hash: String(row.hash),
    title: String(row.title),
    source: String(row.source),
    format: String(row.format) as DocumentFormat,
    modifiedAt: String(row.modified_at),
    groups: (row.groups as string[] | null) ?? [],
    chunkCount: Number(row.chunk_count),
    ingestedAt: String(row.ingested_at),
    ...(isLanguage(row.language) ? { language: row.language } : {}),
    ...(typeof row.origin === 'string' ? { origin: row.origin } : {}),
  };
}

/**
 * A 64-bit advisory-lock key (as a decimal string for `bigint`) for a name in one schema. The
 * same on every machine and every knowhow version, which is what serialises writers that share
 * nothing but the database. Collisions only make two unrelated writes wait for each other.
 */
export function lockKey(schema: string, name: string): string {
  return createHash('sha256').update(`knowhow\0${schema}\0${name}`).digest().readBigInt64BE(0).toString();
}

/** Lock keys of documents, sorted: every writer takes them in the same order, so none deadlock. */
export function documentLockKeys(schema: string, documentIds: readonly string[]): string[] {
  return [...new Set(documentIds.map((id) => BigInt(lockKey(schema, `document:${id}`))))]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map(String);
}
