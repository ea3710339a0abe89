import type { FuseRankings } from './index-store.js';
import type { SearchHit } from './types.js';

/**
 * Fuses lists of hits whose chunks are already read with a fusion over chunk ids (retrieve's
 * reciprocal rank), keeping each chunk once. Shared by retrieve, for stores that search each
 * retriever in full, and by a store that fuses before reading when it must search again.
 */
export function fuseHits(lists: SearchHit[][], fuse: FuseRankings, limit: number): SearchHit[] {
  const chunks = new Map(lists.flat().map((hit) => [hit.chunk.id, hit.chunk]));
  const rankings = lists.map((list) => list.map((hit) => ({ id: hit.chunk.id, rank: hit.rank })));
  return fuse(rankings, limit).flatMap((entry, i) => {
    const chunk = chunks.get(entry.id);
    return chunk ? [{ chunk, score: entry.score, rank: i + 1 }] : [];
  });
}
