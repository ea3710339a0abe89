/**
 * Hybrid search on LanceDB, fused before any chunk is read: BM25 and the vector search each return
 * row addresses only, the caller's fusion picks the winners, and only those rows are read.
 *
 * Why: reading a chunk (id, text, payload) is three random reads, and the two retrievers' 50
 * candidates each made 300 of them for 10 answers. At 1,000,000 chunks × 768 (g1 reader, 100
 * queries, raw LanceDB 0.37, p50 ms, each variant in turn per query): BM25 at k = 50 took 7.9–10.1
 * with its chunks and 3.2–4.4 with addresses only, dense 16.2–19.0 and 12.2–14.7; both at once
 * 12.1–14.5 with ids and addresses, 10.8–13.0 with addresses alone. Reading the 10 winners then
 * costs 1.8–2.6 (a LanceDB call costs ~0.9 whatever it reads).
 *
 * Must not: return a row the reader may not see, or a wrong row. The winners are read under the
 * searches' own predicate, so access is enforced by the read itself. An address names a row only
 * until a compaction (here or in another process) rewrites its fragment; then nothing is read
 * there, and the caller searches again reading chunks (null).
 */
import type * as lancedb from '@lancedb/lancedb';
import type { Table as ArrowTable } from 'apache-arrow';
import type { FuseRankings, RankedReference } from '../core/index-store.js';
import type { Chunk, SearchHit } from '../core/types.js';
import { chunkColumns, chunksFromArrow } from './lance-chunk-rows.js';
import { combinePredicates } from './sql-literals.js';

/**
 * A search's rows (selected withRowId) in rank order, named by their addresses. A search must
 * still select a column: LanceDB 0.37 adds its score to an empty projection and logs a warning.
 */
export function rowReferencesFrom(table: ArrowTable): RankedReference[] {
  const rowIds = table.getChild('_rowid');
  const references: RankedReference[] = [];
  for (let i = 0; i < table.numRows; i++) references.push({ id: String(rowIds?.get(i)), rank: i + 1 });
  return references;
}

export interface ReadFusedOptions {
  chunks: lancedb.Table;
  lists: RankedReference[][];
  fuse: FuseRankings;
  k: number;
  /** The predicate the searches ran under (the reader's access, and the caller's). */
  where: string | undefined;
}

/** The fused top k, read by address under `where`; null when a row is no longer where it was ranked. */
export async function readFusedChunks(options: ReadFusedOptions): Promise<SearchHit[] | null> {
  const fused = options.fuse(options.lists, options.k);
  if (fused.length === 0) return [];
  const addresses = combinePredicates(
    `_rowid IN (${fused.map((entry) => entry.id).join(', ')})`,
    options.where,
  );
  const rows = await options.chunks
    .query()
    .where(String(addresses))
    .select(chunkColumns)
    .withRowId()
    .toArrow();
  const found = byAddress(rows);
  const hits: SearchHit[] = [];
  for (const entry of fused) {
    const chunk = found.get(entry.id);
    if (!chunk) return null;
    hits.push({ chunk, score: entry.score, rank: hits.length + 1 });
  }
  return hits;
}

function byAddress(table: ArrowTable): Map<string, Chunk> {
  const rowIds = table.getChild('_rowid');
  return new Map(chunksFromArrow(table).map((row, i) => [String(rowIds?.get(i)), row.chunk]));
}
