import type { TestCase } from '../core/case-types.js';
import { indexQuestion, NEAR_DUPLICATE_THRESHOLD, SimilarityIndex } from '../core/text/similar-questions.js';
import type { DroppedExample, TrainingExample, TrainingSource } from './training-types.js';

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
    const text = indexQuestion(example.question);
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
  for (const testCase of evalCases) index.add(indexQuestion(testCase.question), testCase);
  const kept: TrainingExample[] = [];
  const dropped: DroppedExample[] = [];
  for (const example of examples) {
    const match = index.find(indexQuestion(example.question), threshold);
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
