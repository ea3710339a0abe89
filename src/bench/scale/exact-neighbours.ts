import type { HashEmbedder } from './hash-embedder.js';
import { CHUNKS_PER_DOCUMENT, chunkIdOf, type ScaleCorpus } from './scale-corpus.js';

/**
 * The true k nearest passages of each query vector (cosine; the hash embedder's vectors are
 * unit length, so a dot product) among those a reader may read, by embedding the corpus again
 * and comparing every passage with every query: the reference an approximate index's recall is
 * measured against, computed apart from any engine. Streams the corpus (one vector held at a
 * time); at 100,000 passages × 768 dimensions it costs about as much as embedding them.
 */
export function findExactNeighbours(options: {
  corpus: ScaleCorpus;
  embedder: HashEmbedder;
  chunks: number;
  queries: Float32Array[];
  readable: (groups: string[]) => boolean;
  k: number;
  tick?: (chunks: number) => void;
}): Set<string>[] {
  const { queries, k } = options;
  // Per query, the best k so far as parallel arrays kept sorted by descending similarity.
  const bestScores = queries.map(() => new Float64Array(k).fill(Number.NEGATIVE_INFINITY));
  const bestIds = queries.map(() => new Array<number>(k).fill(-1));
  for (let first = 0; first < options.chunks; first += CHUNKS_PER_DOCUMENT) {
    const last = Math.min(options.chunks, first + CHUNKS_PER_DOCUMENT);
    if (options.readable(options.corpus.documentGroups(first / CHUNKS_PER_DOCUMENT))) {
      for (let chunk = first; chunk < last; chunk++) {
        const vector = options.embedder.embed(options.corpus.chunkText(chunk));
        for (let q = 0; q < queries.length; q++) {
          const query = queries[q]!;
          let score = 0;
          for (let i = 0; i < vector.length; i++) score += vector[i]! * query[i]!;
          insertBest(bestScores[q]!, bestIds[q]!, score, chunk);
        }
      }
    }
    options.tick?.(last - first);
  }
  return bestIds.map((ids) => new Set(ids.filter((id) => id >= 0).map(chunkIdOf)));
}

function insertBest(scores: Float64Array, ids: number[], score: number, id: number): void {
  let position = scores.length;
  while (position > 0 && scores[position - 1]! < score) position--;
  if (position === scores.length) return;
  for (let i = scores.length - 1; i > position; i--) {
    scores[i] = scores[i - 1]!;
    ids[i] = ids[i - 1]!;
  }
  scores[position] = score;
  ids[position] = id;
}
