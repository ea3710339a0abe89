import { createHash } from 'node:crypto';
import { analyze } from '../../analyze/index.js';
import type { EmbeddingModel, EmbedRequest, EmbedResult } from '../../providers/spec.js';
import { createRandom } from './scale-corpus.js';

/**
 * A deterministic embedding without a model, for scale benchmarks: every analyzed word has a
 * dense pseudo-random vector seeded by its hash, a text is the normalised sum of its words'.
 * Texts sharing words are near each other, so vector search has real neighbours to find, and a
 * run is the same everywhere. It measures the index, not an embedding model's quality.
 *
 * Word vectors lie in a 32-dimensional subspace of the 768 (a fixed random basis), as real
 * embeddings occupy far fewer directions than they have. Measured on 20,000 passages, recall@50
 * of pgvector's HNSW against an exact scan: feature hashing (two dimensions per word) 0.23–0.42,
 * independent dense random vectors 0.21–0.40 (near-equidistant points in 768 dimensions), this
 * one in the table of the commit that introduced it.
 */
export class HashEmbedder implements EmbeddingModel {
  readonly provider = 'hash';
  readonly modelId: string;
  readonly maxBatchSize = 4096;
  private readonly termWeights = new Map<string, Float64Array>();
  /** The basis transposed: dimension i's 32 coefficients at [i × 32, i × 32 + 32). */
  private readonly basisByDimension: Float64Array;

  constructor(
    readonly dimensions = 768,
    readonly intrinsicDimensions = 32,
  ) {
    this.modelId = `random-word-vectors-${dimensions}-rank-${intrinsicDimensions}`;
    const random = createRandom(0x5eed);
    const basis = Array.from({ length: intrinsicDimensions }, () =>
      Float32Array.from({ length: dimensions }, () => random() * 2 - 1),
    );
    this.basisByDimension = new Float64Array(dimensions * intrinsicDimensions);
    for (let i = 0; i < dimensions; i++) {
      for (let j = 0; j < intrinsicDimensions; j++) {
        this.basisByDimension[i * intrinsicDimensions + j] = basis[j]![i]!;
      }
    }
  }

  embed(text: string): Float32Array {
    // Sums the words' weights in the 32-dimensional subspace, then spans the 768 once: the same
    // vector as summing 768-dimensional word vectors, for 32 × 768 multiplications a passage
    // instead of 768 a word (a 110-word passage: 24,576 against 84,480).
    const weights = new Float64Array(this.intrinsicDimensions);
    for (const term of analyze(text, 'english')) {
      const termWeights = this.weightsOf(term);
      for (let j = 0; j < weights.length; j++) weights[j]! += termWeights[j]!;
    }
    // Each dimension is one dot product over the transposed basis, summed in a double and stored
    // once, instead of adding the 32 directions into a Float32Array in turn (every element
    // rounded and stored 32 times): 128–158 µs a passage against 151–177 (20,000 passages, three
    // runs each, alternating, 2026-12-07). At 1M passages the embedder took 156 s of a 386 s load.
    const sums = new Float64Array(this.dimensions);
    const rank = weights.length;
    const basis = this.basisByDimension;
    let norm = 0;
    for (let i = 0; i < sums.length; i++) {
      let sum = 0;
      const offset = i * rank;
      for (let j = 0; j < rank; j++) sum += weights[j]! * basis[offset + j]!;
      sums[i] = sum;
      norm += sum * sum;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const vector = new Float32Array(this.dimensions);
    for (let i = 0; i < vector.length; i++) vector[i] = sums[i]! * scale;
    return vector;
  }

  async doEmbed(request: EmbedRequest): Promise<EmbedResult> {
    return {
      embeddings: request.values.map((value) => Array.from(this.embed(value))),
      usage: { tokens: 0 },
    };
  }

  /** A word's weights on the basis, memoised (50,000 words × 32: 13 MB); cleared past 60,000. */
  private weightsOf(term: string): Float64Array {
    let weights = this.termWeights.get(term);
    if (!weights) {
      const random = createRandom(createHash('sha1').update(term).digest().readUInt32BE(0));
      weights = Float64Array.from({ length: this.intrinsicDimensions }, () => random() * 2 - 1);
      if (this.termWeights.size >= 60_000) this.termWeights.clear();
      this.termWeights.set(term, weights);
    }
    return weights;
  }
}
