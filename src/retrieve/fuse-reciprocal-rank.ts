import { fuseHits } from '../core/fuse-hits.js';
import type { RankedReference } from '../core/index-store.js';
import type { SearchHit } from '../core/types.js';

export interface FuseOptions {
  /** The RRF constant: larger flattens the difference between the first ranks. */
  k?: number;
  limit: number;
}

/**
 * Reciprocal-rank fusion (Cormack et al. 2009): score = Σ 1 / (k + rank). Rank-based, so the
 * incomparable scales of BM25 and cosine similarity never need calibrating. Equal scores (the 5th
 * of one list and the 5th of the other) are ordered by their ranks, the first list's first, so
 * a fused ranking depends on the rankings alone, not on what names the candidates: chunk ids
 * here, row addresses in a store that fuses before reading (those change when a compaction moves
 * the rows).
 */
export function fuseRankings(
  lists: RankedReference[][],
  options: FuseOptions,
): { id: string; score: number }[] {
  const k = options.k ?? 60;
  const fused = new Map<string, { id: string; score: number; ranks: number[] }>();
  lists.forEach((list, position) => {
    for (const item of list) {
      let entry = fused.get(item.id);
      if (!entry) {
        entry = { id: item.id, score: 0, ranks: lists.map(() => Number.POSITIVE_INFINITY) };
        fused.set(item.id, entry);
      }
      entry.score += 1 / (k + item.rank);
      entry.ranks[position] = Math.min(entry.ranks[position] ?? item.rank, item.rank);
    }
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || compareRanks(a.ranks, b.ranks) || a.id.localeCompare(b.id))
    .slice(0, options.limit)
    .map(({ id, score }) => ({ id, score }));
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0 && !Number.isNaN(difference)) return difference;
  }
  return 0;
}

/** fuseRankings over hits whose chunks are already read. */
export function fuseReciprocalRank(lists: SearchHit[][], options: FuseOptions): SearchHit[] {
  return fuseHits(lists, (rankings, limit) => fuseRankings(rankings, { ...options, limit }), options.limit);
}
