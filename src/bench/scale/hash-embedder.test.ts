import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../analyze/index.js';
import { HashEmbedder } from './hash-embedder.js';
import { createRandom } from './scale-corpus.js';

/** The embedding as first defined: every word a 768-dimensional vector, a text their normalised sum. */
function referenceEmbedding(text: string, dimensions: number, intrinsic: number): number[] {
  const random = createRandom(0x5eed);
  const basis = Array.from({ length: intrinsic }, () =>
    Float32Array.from({ length: dimensions }, () => random() * 2 - 1),
  );
  const sum = new Array<number>(dimensions).fill(0);
  for (const term of analyze(text, 'english')) {
    const wordRandom = createRandom(createHash('sha1').update(term).digest().readUInt32BE(0));
    for (const direction of basis) {
      const weight = wordRandom() * 2 - 1;
      for (let i = 0; i < dimensions; i++) sum[i]! += weight * direction[i]!;
    }
  }
  const norm = Math.hypot(...sum);
  return sum.map((value) => value / norm);
}

describe('HashEmbedder', () => {
  it('is the normalised sum of its words’ vectors, computed in the 32-dimensional subspace', () => {
    const embedder = new HashEmbedder(64);
    for (const text of ['brouq stainq plouq brouq', 'one word', 'Vectors of generated passages, seeded.']) {
      const vector = Array.from(embedder.embed(text));
      const reference = referenceEmbedding(text, 64, 32);
      for (const [i, value] of vector.entries()) expect(value).toBeCloseTo(reference[i]!, 5);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
  });
});
