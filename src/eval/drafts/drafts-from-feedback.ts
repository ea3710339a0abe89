import type { TestCase } from '../../core/case-types.js';
import type { FeedbackEntry } from '../../core/feedback-types.js';
import { PUBLIC_GROUP } from '../../core/types.js';
import { findNearDuplicateQuestion } from '../../tune/find-near-duplicates.js';
import type { CaseDraft } from './draft-types.js';

/**
 * Served questions users rated down or corrected, as drafts: the correction becomes the reference
 * answer; a down-rating without one leaves the answer for the reviewer to write (the answer that
 * was rated down is never taken as the reference). Questions already covered by a case are skipped.
 */
export function draftsFromFeedback(options: {
  entries: readonly FeedbackEntry[];
  existing: readonly Pick<TestCase, 'id' | 'question'>[];
  tags?: string[];
}): { drafts: CaseDraft[]; skipped: { feedback: string; detail: string }[] } {
  const known: Pick<TestCase, 'id' | 'question'>[] = [...options.existing];
  const drafts: CaseDraft[] = [];
  const skipped: { feedback: string; detail: string }[] = [];
  for (const entry of options.entries) {
    const corrected = entry.correctedAnswer?.trim();
    if (entry.rating !== 'down' && !corrected) continue;
    const duplicate = findNearDuplicateQuestion(entry.question, known);
    if (duplicate) {
      skipped.push({ feedback: entry.id, detail: `question already covered by case "${duplicate.item.id}"` });
      continue;
    }
    const draft: CaseDraft = {
      id: `feedback-${entry.id}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      question: entry.question,
      ...(corrected ? { answer: corrected } : {}),
      facts: [],
      // The cited documents backed an answer users rejected: the reviewer names the real sources.
      sources: [],
      user: { groups: entry.groups.length > 0 ? [...entry.groups] : [PUBLIC_GROUP] },
      tags: [...new Set([...(options.tags ?? []), 'from-feedback'])],
      status: 'draft',
      drafter: 'feedback',
      feedback: entry.id,
    };
    known.push(draft);
    drafts.push(draft);
  }
  return { drafts, skipped };
}
