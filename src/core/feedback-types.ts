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
}

export const FEEDBACK_FILE = 'feedback.jsonl';
