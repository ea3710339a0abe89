import { createHash } from 'node:crypto';

/**
 * MinHash over word 3-shingles: an estimate of Jaccard similarity between two texts in
 * constant space, used to find near-duplicate questions (reworded copies that exact matching
 * misses) within the training set and between training and eval questions.
 */

export const MINHASH_PERMUTATIONS = 128;
export const SHINGLE_SIZE = 3;

/** Lower-case words without punctuation, so "What's the price?" and "whats the price" match. */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function shingles(text: string, size = SHINGLE_SIZE): Set<string> {
  const words = normalizeQuestion(text).split(' ').filter(Boolean);
  const result = new Set<string>();
  if (words.length === 0) return result;
  // Short texts get one shingle of all their words, so they can still match each other.
  if (words.length < size) {
    result.add(words.join(' '));
    return result;
  }
  for (let i = 0; i + size <= words.length; i++) result.add(words.slice(i, i + size).join(' '));
  return result;
}

// One 32-bit hash per permutation: the shingle's base hash xor a fixed seed, through the murmur3
// finaliser. Fixed seeds make signatures reproducible across runs and machines.
const seeds = Uint32Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) =>
  createHash('sha256').update(`knowhow-minhash-${i}`).digest().readUInt32BE(0),
);

function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function baseHash(shingle: string): number {
  return createHash('sha1').update(shingle).digest().readUInt32BE(0);
}

export type MinHashSignature = Uint32Array;

export function minHashSignature(text: string): MinHashSignature {
  const signature = new Uint32Array(MINHASH_PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    const x = baseHash(shingle);
    for (let i = 0; i < MINHASH_PERMUTATIONS; i++) {
      const value = mix32(x ^ seeds[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

export function estimateJaccard(left: MinHashSignature, right: MinHashSignature): number {
  let same = 0;
  for (let i = 0; i < left.length; i++) if (left[i] === right[i]) same++;
  return same / left.length;
}

/** Exact Jaccard of the shingle sets, for confirming a candidate pair and for tests. */
export function exactJaccard(left: string, right: string): number {
  const a = shingles(left);
  const b = shingles(right);
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Locality-sensitive hashing: signatures are cut into bands; texts sharing any band are
 * candidates. 32 bands of 4 rows find pairs above ~0.5 similarity with high probability,
 * so comparing only candidates misses almost nothing at the 0.8 threshold.
 */
export const LSH_BANDS = 32;
const rowsPerBand = MINHASH_PERMUTATIONS / LSH_BANDS;

export function bandKeys(signature: MinHashSignature): string[] {
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    const slice = signature.subarray(band * rowsPerBand, (band + 1) * rowsPerBand);
    keys.push(`${band}:${Array.from(slice).join(',')}`);
  }
  return keys;
}
