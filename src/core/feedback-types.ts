/**
 * One line of `.knowhow/feedback.jsonl`: what `serve` records when a user rates or corrects an
 * answer, and what `tune prepare` reads as training data (accepted or corrected answers only).
 */
export interface FeedbackEntry {
  /** Unique id (random), for deduplication. */
  id: string;
  /** ISO 8601. */
  createdAt: string;
  rating: 'up' | 'down';
  question: string;
  /** The answer as shown to the user. */
  answer: string;
  /** A user's corrected answer: preferred over `answer` as training data. */
  correctedAnswer?: string;
  comment?: string;
  /** Chunks the answer cited (ids), so hybrid training data can rebuild the context. */
  citedChunkIds?: string[];
  /** provider:model that answered; the architecture served (rag, tuned…). */
  model?: string;
  architecture?: string;
  /** Set when the feedback came from an eval run's drill-down. */
  runId?: string;
  caseId?: string;
  /** The API key's name (never the key itself) and its access groups. */
  keyName?: string;
  groups: string[];
  /**
   * Whether it may become training data. Written `approved` for reviewer keys and `unreviewed`
   * for every other key; later decisions live in feedback-reviews.jsonl and win. An entry
   * without it (written before reviews existed) is unreviewed.
   */
  review?: FeedbackReview;
}

export type ReviewStatus = 'unreviewed' | 'approved' | 'rejected';

export const reviewStatuses: readonly ReviewStatus[] = ['unreviewed', 'approved', 'rejected'];

export interface FeedbackReview {
  status: ReviewStatus;
  /** The reviewing key's name (or the terminal user); absent while unreviewed. */
  reviewer?: string;
  /** ISO 8601. */
  reviewedAt?: string;
}

export function reviewStatusOf(entry: Pick<FeedbackEntry, 'review'>): ReviewStatus {
  return entry.review?.status ?? 'unreviewed';
}

export const FEEDBACK_FILE = 'feedback.jsonl';

/**
 * Review decisions, one JSON line each (`{"feedbackId","status","reviewer","reviewedAt"}`),
 * beside the feedback log: appending keeps the log itself append-only, and the last decision
 * for an id wins.
 */
export const FEEDBACK_REVIEWS_FILE = 'feedback-reviews.jsonl';
