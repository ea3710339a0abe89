import type { TestCase } from '../core/case-types.js';
import {
  bandKeys,
  estimateJaccard,
  type MinHashSignature,
  minHashSignature,
  normalizeQuestion,
} from './minhash.js';
import type { DroppedExample, TrainingExample, TrainingSource } from './training-types.js';

/** Jaccard similarity of word 3-shingles at or above which two questions count as the same. */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

export function describeSource(source: TrainingSource): string {
  switch (source.kind) {
    case 'case':
      return `case "${source.ref}"`;
    case 'feedback':
      return `feedback entry ${source.ref}`;
    case 'example':
      return `few-shot example ${source.ref}`;
  }
}

interface IndexedText {
  normalized: string;
  signature: MinHashSignature;
}

function indexText(text: string): IndexedText {
  return { normalized: normalizeQuestion(text), signature: minHashSignature(text) };
}

/** Near-duplicate lookup: exact normalised matches first, then LSH candidates confirmed by MinHash. */
class SimilarityIndex<T> {
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
  for (const item of existing) index.add(indexText(item.question), item);
  return index.find(indexText(question), threshold);
}

export interface FilterResult {
  kept: TrainingExample[];
  dropped: DroppedExample[];
}

/** Keeps the first of each group of near-duplicate questions (cases come first, then feedback, then examples). */
export function removeNearDuplicates(
  examples: readonly TrainingExample[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): FilterResult {
  const index = new SimilarityIndex<TrainingExample>();
  const kept: TrainingExample[] = [];
  const dropped: DroppedExample[] = [];
  for (const example of examples) {
    const text = indexText(example.question);
    const match = index.find(text, threshold);
    if (match) {
      dropped.push({
        index: example.index,
        source: example.source,
        reason: 'near-duplicate',
        detail: `${match.exact ? 'same question as' : `near-duplicate (similarity ${match.similarity.toFixed(2)}) of`} example ${match.item.index} (${describeSource(match.item.source)})`,
      });
      continue;
    }
    index.add(text, example);
    kept.push(example);
  }
  return { kept, dropped };
}

/**
 * Drops training examples whose question is an eval question, exactly (after normalisation) or
 * reworded: a tuned model that saw the test questions scores what it memorised, not what it learned.
 */
export function removeEvalLeaks(
  examples: readonly TrainingExample[],
  evalCases: readonly TestCase[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): FilterResult {
  const index = new SimilarityIndex<TestCase>();
  for (const testCase of evalCases) index.add(indexText(testCase.question), testCase);
  const kept: TrainingExample[] = [];
  const dropped: DroppedExample[] = [];
  for (const example of examples) {
    const match = index.find(indexText(example.question), threshold);
    if (match) {
      dropped.push({
        index: example.index,
        source: example.source,
        reason: 'leaks-eval',
        detail: `${match.exact ? 'same question as' : `near-duplicate (similarity ${match.similarity.toFixed(2)}) of`} eval case "${match.item.id}" (${match.item.origin.file}:${match.item.origin.line})`,
      });
      continue;
    }
    kept.push(example);
  }
  return { kept, dropped };
}
