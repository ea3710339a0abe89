/** The shapes of fine-tuning data as `tune prepare` builds, checks and writes it. */

export interface TrainingMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type TrainingSourceKind = 'case' | 'feedback' | 'example';

/** Where one training example came from, so a dropped one can be found and fixed. */
export interface TrainingSource {
  kind: TrainingSourceKind;
  /** Case id, feedback entry id, or `file:line` of a few-shot example. */
  ref: string;
  file?: string;
  line?: number;
}

export interface TrainingExample {
  /** 0-based position among all candidates, in the order the sources were read: what messages cite. */
  index: number;
  messages: TrainingMessage[];
  source: TrainingSource;
  tags: string[];
  /** The user question, without context or format instructions: what leakage and dedupe compare. */
  question: string;
  /** Document groups its question, answer or passages came from ([] for public data). */
  groups?: string[];
}

export type DropReason =
  | 'invalid-roles'
  | 'empty-turn'
  | 'too-long'
  | 'near-duplicate'
  | 'leaks-eval'
  | 'no-context'
  | 'cites-missing-passage'
  | 'restricted-groups';

export interface DroppedExample {
  /** 0-based position in the candidate list (the order sources were read), for messages. */
  index: number;
  source: TrainingSource;
  reason: DropReason;
  detail: string;
  /** For restricted-groups: the groups the example's data is restricted to. */
  groups?: string[];
}

/** One line of train.jsonl / validation.jsonl: chat messages plus knowhow's own bookkeeping. */
export interface DatasetRecord {
  messages: TrainingMessage[];
  /** Ignored by the hosted engines' exports (those keep only `messages`). */
  metadata: { source: TrainingSource; tags: string[] };
}
