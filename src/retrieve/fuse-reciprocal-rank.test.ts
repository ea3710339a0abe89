import { describe, expect, it } from 'vitest';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import type { SearchHit } from '../core/types.js';
import { fuseRankings, fuseReciprocalRank } from './fuse-reciprocal-rank.js';

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

describe('fuseRankings', () => {
  it('fuses references exactly as fuseReciprocalRank fuses the hits they stand for', () => {
    const lists = [list('a', 'b', 'c'), list('c', 'd', 'a')];
    const references = lists.map((hits) => hits.map((hit) => ({ id: hit.chunk.id, rank: hit.rank })));
    const fused = fuseRankings(references, { k: 60, limit: 3 });
    expect(fused).toEqual(
      fuseReciprocalRank(lists, { k: 60, limit: 3 }).map((hit) => ({ id: hit.chunk.id, score: hit.score })),
    );
  });
  it('orders equal scores by their ranks, the first list’s first, whatever names the candidates', () => {
    const rankings = (first: string, second: string) => [
      [
        { id: 'both', rank: 1 },
        { id: first, rank: 2 },
      ],
      [
        { id: 'both', rank: 1 },
        { id: second, rank: 2 },
      ],
    ];
    expect(fuseRankings(rankings('z', 'a'), { limit: 3 }).map((entry) => entry.id)).toEqual([
      'both',
      'z',
      'a',
    ]);
    expect(fuseRankings(rankings('a', 'z'), { limit: 3 }).map((entry) => entry.id)).toEqual([
      'both',
      'a',
      'z',
    ]);
  });
});
