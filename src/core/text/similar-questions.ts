import {
  bandKeys,
  estimateJaccard,
  type MinHashSignature,
  minHashSignature,
  normalizeQuestion,
} from './minhash.js';

/**
 * Near-duplicate questions: the same question after normalisation, or a reworded copy found by
 * MinHash + LSH. Shared text utility: `tune prepare` drops training examples that repeat each other
 * or an eval case, and `cases draft` drops drafts that repeat an existing case.
 */

/** Jaccard similarity of word 3-shingles at or above which two questions count as the same. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

export interface IndexedText {
  normalized: string;
  signature: MinHashSignature;
}

export function indexQuestion(text: string): IndexedText {
  return { normalized: normalizeQuestion(text), signature: minHashSignature(text) };
}

/** Near-duplicate lookup: exact normalised matches first, then LSH candidates confirmed by MinHash. */
export class SimilarityIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly buckets = new Map<string, { item: T; text: IndexedText }[]>();

  add(text: IndexedText, item: T): void {
    if (!this.exact.has(text.normalized)) this.exact.set(text.normalized, item);
    for (const key of bandKeys(text.signature)) {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push({ item, text });
      else this.buckets.set(key, [{ item, text }]);
    }
  }

  find(text: IndexedText, threshold: number): { item: T; similarity: number; exact: boolean } | undefined {
    const exact = this.exact.get(text.normalized);
    if (exact !== undefined) return { item: exact, similarity: 1, exact: true };
    let best: { item: T; similarity: number; exact: boolean } | undefined;
    const seen = new Set<T>();
    for (const key of bandKeys(text.signature)) {
      for (const candidate of this.buckets.get(key) ?? []) {
        if (seen.has(candidate.item)) continue;
        seen.add(candidate.item);
        const similarity = estimateJaccard(text.signature, candidate.text.signature);
        if (similarity >= threshold && (!best || similarity > best.similarity)) {
          best = { item: candidate.item, similarity, exact: false };
        }
      }
    }
    return best;
  }
}

/** The existing question `question` near-duplicates (same normalised text, or MinHash similarity ≥ threshold). */
export function findNearDuplicateQuestion<T extends { question: string }>(
  question: string,
  existing: readonly T[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): { item: T; similarity: number; exact: boolean } | undefined {
  const index = new SimilarityIndex<T>();
  for (const item of existing) index.add(indexQuestion(item.question), item);
  return index.find(indexQuestion(question), threshold);
}
