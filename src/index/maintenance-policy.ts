import type * as lancedb from '@lancedb/lancedb';
import type { IndexLag } from '../core/index-store.js';

/**
 * When the LanceDB store folds new rows into its indexes, compacts, and which old versions it
 * removes: small writes must cost in proportion to their size, and readers in other processes
 * must never lose the files of a version they may be reading.
 */

/**
 * A version superseded less than this long ago is kept on disk: a reader in another process may
 * be in a query on it (it looks for newer versions at most once a second and a query takes
 * milliseconds, so ten seconds leave a wide margin), and deleting its files under it fails the
 * query.
 */
export const VERSION_GRACE_MS = 10_000;

/**
 * Rows added since the full-text index was last updated are scanned by every query (about 7 µs a
 * row here: 12,000 such rows made a query 84 ms instead of 2); they are folded in once they pass
 * a tenth of the indexed rows (at least 1,000, at most 50,000). A fold compacts and rewrites the
 * table, so a threshold that grows with the table keeps the total rewritten in proportion to what
 * was written: 200 small uploads used to fold (and compact the whole table) 200 times.
 */
function foldThreshold(indexedRows: number): number {
  return Math.min(50_000, Math.max(1_000, Math.floor(indexedRows * 0.1)));
}

/**
 * Rows outside the indexes past which a reader that stays open (the server) folds them while idle
 * instead of waiting for foldThreshold. Every query scans such rows one by one, 3–4 µs each (bench
 * scale, group-filtered BM25 p50: 1,000 rows at 100,000 chunks 2.4 → 6.6 ms; the 10,000 rows of a
 * 1% re-ingest at 1,000,000, 3.6 → 38.9 ms; 50,000 would add some 170 ms), while a fold rewrites
 * the whole text index whatever it adds (5.2 s and 0.84 GB peak at 1,000,000 chunks, 0.9 s at
 * 100,000). Writes keep the proportional threshold, so a re-ingest costs what it changed, and idle
 * time pays for the rest; 1,000 rows add 3–4 ms.
 */
export const LAG_FOLD_ROWS = 1_000;

/** The rows every query scans outside the text and vector indexes, from the indexes' statistics. */
export async function measureIndexLag(chunks: lancedb.Table, foldRows: number): Promise<IndexLag> {
  let unindexedRows = 0;
  for (const index of await chunks.listIndices()) {
    if (!index.columns.includes('search_text') && !index.columns.includes('vector')) continue;
    const stats = await chunks.indexStats(index.name);
    unindexedRows = Math.max(unindexedRows, stats?.numUnindexedRows ?? 0);
  }
  return { unindexedRows, foldDue: unindexedRows >= foldRows };
}

/**
 * Folds at most this often unless the rows to scan reach four times the threshold: each fold
 * leaves the table's previous files on disk for VERSION_GRACE_MS, so spacing them keeps one such
 * copy at a time, not one per fold.
 */
export const FOLD_INTERVAL_MS = VERSION_GRACE_MS;

/** Each small commit adds a data file; past this many, compaction merges them (four times as many: at once). */
const MAX_SMALL_FRAGMENTS = 64;

/**
 * Rows and commits written since the tables were last asked what is due. Nothing can be due
 * before a minimum fold's worth of rows (1,000) or a quarter of the fragment allowance (16
 * commits) has been written since; commits by other processes end with their own optimize.
 */
export function createWriteTally() {
  let rows = Number.POSITIVE_INFINITY;
  let commits = Number.POSITIVE_INFINITY;
  return {
    add(count: number) {
      rows += count;
      commits += 1;
    },
    due: () => rows >= 1_000 || commits >= MAX_SMALL_FRAGMENTS / 4,
    reset() {
      rows = 0;
      commits = 0;
    },
  };
}

export async function foldDue(chunks: lancedb.Table, indexName: string, spaced: boolean): Promise<boolean> {
  const index = await chunks.indexStats(indexName);
  if (index) {
    const threshold = foldThreshold(index.numIndexedRows);
    if (index.numUnindexedRows >= threshold * (spaced ? 1 : 4)) return true;
  }
  return fragmentsDue(chunks, spaced);
}

export async function fragmentsDue(table: lancedb.Table, spaced: boolean): Promise<boolean> {
  const stats = await table.stats();
  return stats.fragmentStats.numSmallFragments > MAX_SMALL_FRAGMENTS * (spaced ? 1 : 4);
}

/**
 * LanceDB removes versions older than a date, judged by when each was written; a version must be
 * kept while it is recent *or was superseded recently* (a reader may be in a query on it). So the
 * cutoff is the time of the oldest version whose successor is younger than the grace.
 */
export async function graceCutoff(table: lancedb.Table): Promise<Date> {
  const versions = (await table.listVersions()).sort((a, b) => a.version - b.version);
  const horizon = Date.now() - VERSION_GRACE_MS;
  for (let i = 0; i < versions.length - 1; i++) {
    if (versions[i + 1]!.timestamp.getTime() > horizon) return versions[i]!.timestamp;
  }
  return versions.at(-1)?.timestamp ?? new Date(horizon);
}
