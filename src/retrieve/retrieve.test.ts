import { describe, expect, it } from 'vitest';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import type { HybridSearchOptions, IndexStore } from '../core/index-store.js';
import { EVERYONE, type SearchHit } from '../core/types.js';
import type { EmbeddingModel, Reranker } from '../providers/spec.js';
import { retrieve } from './retrieve.js';

const hits = (...ids: string[]): SearchHit[] =>
  ids.map((id, i) => ({ chunk: makeChunk(id, 0, id), score: 1, rank: i + 1 }));

const embedder: EmbeddingModel = {
  provider: 'test',
  modelId: 'unit',
  dimensions: 2,
  maxBatchSize: 8,
  doEmbed: async () => ({ embeddings: [[1, 0]], usage: { tokens: 1 } }),
};

/** Answers a fixed BM25 and vector ranking, and records what it was asked for. */
function rankingStore(options: { fusesInside: boolean }) {
  const asked: string[] = [];
  const store: Partial<IndexStore> = {
    searchText: async (_query, search) => {
      asked.push(`text k=${search.k}`);
      return hits('a', 'b', 'c');
    },
    searchVector: async (_vector, search) => {
      asked.push(`vector k=${search.k}`);
      return hits('c', 'd');
    },
  };
  if (options.fusesInside) {
    store.searchHybrid = async (_query, _vector, search: HybridSearchOptions) => {
      asked.push(`hybrid k=${search.k} candidates=${search.candidates}`);
      const fused = search.fuse(
        [hits('a', 'b', 'c'), hits('c', 'd')].map((list) =>
          list.map((hit) => ({ id: hit.chunk.id, rank: hit.rank })),
        ),
        search.k,
      );
      return fused.map((entry, i) => ({
        chunk: makeChunk(entry.id.split('#')[0]!, 0, 'x'),
        score: entry.score,
        rank: i + 1,
      }));
    };
  }
  return { store: store as IndexStore, asked };
}

describe('retrieve, hybrid', () => {
  it('fuses both searches at `candidates` each when the store cannot fuse before reading', async () => {
    const { store, asked } = rankingStore({ fusesInside: false });
    const result = await retrieve({ store, query: 'q', reader: EVERYONE, k: 2, mode: 'hybrid', embedder });
    expect(asked.sort()).toEqual(['text k=50', 'vector k=50']);
    expect(result.hits.map((hit) => [hit.chunk.documentId, hit.rank])).toEqual([
      ['c', 1],
      ['a', 2],
    ]);
  });

  it('asks a store that fuses before reading for the k chunks it returns, with the same fusion', async () => {
    const { store, asked } = rankingStore({ fusesInside: true });
    const result = await retrieve({
      store,
      query: 'q',
      reader: EVERYONE,
      k: 2,
      mode: 'hybrid',
      embedder,
      rrfK: 60,
    });
    expect(asked).toEqual(['hybrid k=2 candidates=50']);
    expect(result.hits.map((hit) => hit.chunk.documentId)).toEqual(['c', 'a']);
    expect(result.hits[0]!.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
  });

  it('asks for the reranker’s candidates when one reorders them', async () => {
    const { store, asked } = rankingStore({ fusesInside: true });
    const reranker: Reranker = {
      provider: 'test',
      modelId: 'unit',
      doRerank: async (request) => ({ scores: request.documents.map((_, i) => i) }),
    };
    await retrieve({
      store,
      query: 'q',
      reader: EVERYONE,
      k: 2,
      mode: 'hybrid',
      embedder,
      reranker,
      rerankTop: 3,
    });
    expect(asked).toEqual(['hybrid k=3 candidates=50']);
  });
});
