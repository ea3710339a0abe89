import type { SearchHit } from '../core/types.js';

/**
 * Reciprocal-rank fusion (Cormack et al. 2009): score = Σ 1 / (k + rank). Rank-based, so the
 * incomparable scales of BM25 and cosine similarity never need calibrating.
 */
export function fuseReciprocalRank(
  lists: SearchHit[][],
  options: { k?: number; limit: number },
): SearchHit[] {
  const k = options.k ?? 60;
  const fused = new Map<string, { hit: SearchHit; score: number }>();
  for (const list of lists) {
    for (const hit of list) {
      const entry = fused.get(hit.chunk.id);
      const contribution = 1 / (k + hit.rank);
      if (entry) entry.score += contribution;
      else fused.set(hit.chunk.id, { hit, score: contribution });
    }
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.hit.chunk.id.localeCompare(b.hit.chunk.id))
    .slice(0, options.limit)
    .map((entry, i) => ({ chunk: entry.hit.chunk, score: entry.score, rank: i + 1 }));
}

/** An id with its fused score, best first. */
export interface FusedId {
  id: string;
  score: number;
}

/**
 * fuseReciprocalRank over lists of ids, each ranked by position: what hybrid search fuses before
 * fetching the passages of the few it keeps (IndexStore.searchHybrid).
 */
export function fuseRankedIds(lists: string[][], options: { k?: number; limit: number }): FusedId[] {
  const k = options.k ?? 60;
  const fused = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, i) => {
      fused.set(id, (fused.get(id) ?? 0) + 1 / (k + i + 1));
    });
  }
  return [...fused]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, options.limit);
}
