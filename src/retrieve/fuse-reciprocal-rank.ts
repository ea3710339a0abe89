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
