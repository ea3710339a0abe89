import type { TestCase } from '../../core/case-types.js';
import type { Chunk } from '../../core/types.js';
import { findNearDuplicateQuestion } from '../../tune/find-near-duplicates.js';
import { containsFact, normalizeForTokens } from '../normalize-answer.js';
import type { CaseDraft } from './draft-types.js';

/**
 * Share of the question's word 3-grams (after dropping articles) found verbatim in the passage at or above which the
 * question copies the passage: retrieval by BM25 would then be trivially easy. Half is a chosen
 * line, not a measured one: a question cut out of a sentence scores 0.5–1 even with "how many"
 * inserted, a paraphrase near 0 (see check-draft tests). 3-grams, not 4: an inserted question
 * phrase breaks every 4-gram around it.
 */
export const COPIED_WORDING_THRESHOLD = 0.5;

export type DraftRejection =
  | { reason: 'fact-not-in-passage'; detail: string }
  | { reason: 'copies-passage'; detail: string }
  | { reason: 'duplicate'; detail: string }
  | { reason: 'no-facts'; detail: string };

/** Why a draft must not become a case, or undefined when it may go to review. */
export function checkDraft(options: {
  draft: CaseDraft;
  passage: Chunk;
  /** Existing cases and drafts kept so far in this run. */
  existing: readonly Pick<TestCase, 'id' | 'question'>[];
}): DraftRejection | undefined {
  const { draft, passage } = options;
  if (draft.facts.length === 0)
    return { reason: 'no-facts', detail: 'the draft names no fact an answer must state' };
  const missing = draft.facts.filter((fact) => !containsFact(passage.text, fact));
  if (missing.length > 0) {
    return {
      reason: 'fact-not-in-passage',
      detail: `fact${missing.length === 1 ? '' : 's'} ${missing.map((fact) => `"${fact}"`).join(', ')} not in passage ${passage.id}`,
    };
  }
  const copied = copiedShare(draft.question, passage.text);
  if (copied >= COPIED_WORDING_THRESHOLD) {
    return {
      reason: 'copies-passage',
      detail: `${Math.round(copied * 100)}% of the question's 3-word runs are in the passage (limit ${COPIED_WORDING_THRESHOLD * 100}%)`,
    };
  }
  const duplicate = findNearDuplicateQuestion(draft.question, options.existing);
  if (duplicate) {
    return {
      reason: 'duplicate',
      detail: `${duplicate.exact ? 'same question as' : `near-duplicate (similarity ${duplicate.similarity.toFixed(2)}) of`} case "${duplicate.item.id}"`,
    };
  }
  return undefined;
}

function shingles(text: string, size: number): string[] {
  const words = normalizeForTokens(text).split(' ').filter(Boolean);
  const result: string[] = [];
  for (let start = 0; start + size <= words.length; start += 1)
    result.push(words.slice(start, start + size).join(' '));
  return result;
}

/** Share of the question's 3-grams that appear in the passage (0 for questions under 3 words). */
export function copiedShare(question: string, passage: string): number {
  const asked = shingles(question, 3);
  if (asked.length === 0) return 0;
  const inPassage = new Set(shingles(passage, 3));
  return asked.filter((shingle) => inPassage.has(shingle)).length / asked.length;
}
