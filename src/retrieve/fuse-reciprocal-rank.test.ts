import { describe, expect, it } from 'vitest';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import type { SearchHit } from '../core/types.js';
import { fuseReciprocalRank } from './fuse-reciprocal-rank.js';

const list = (...ids: string[]): SearchHit[] =>
  ids.map((id, i) => ({ chunk: makeChunk(id, 0, id), score: 10 - i, rank: i + 1 }));

describe('fuseReciprocalRank', () => {
  it('ranks items found by both retrievers first, with exact RRF scores', () => {
    const fused = fuseReciprocalRank([list('a', 'b', 'c'), list('c', 'd', 'a')], { k: 60, limit: 10 });
    expect(fused.map((hit) => hit.chunk.documentId)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(fused.map((hit) => hit.rank)).toEqual([1, 2, 3, 4]);
  });
  it('respects the limit', () => {
    expect(fuseReciprocalRank([list('a', 'b', 'c')], { limit: 2 })).toHaveLength(2);
  });
});
