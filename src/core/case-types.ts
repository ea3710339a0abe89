/**
 * Test cases (cases/*.yaml|*.jsonl) and few-shot examples, as DESIGN.md specifies them.
 * Validation lives in the eval stage; these are the validated shapes.
 */

export interface CaseFormat {
  maxWords?: number;
  minWords?: number;
  /** required: at least one valid [n]; forbidden: none at all. */
  cite?: 'required' | 'forbidden' | 'optional';
  /** JavaScript regular expression the whole answer must match. */
  regex?: string;
  /** The answer must be a JSON document valid against this JSON Schema. */
  jsonSchema?: Record<string, unknown>;
  /** A style rubric judged by the judge model (skipped, and reported so, without one). */
  style?: string;
}

/**
 * Something a correct answer must not state: a superseded value, a contradiction. Text is matched
 * like a fact (whole words, case and punctuation folded); a regex is matched on the answer without
 * its citation markers, case-insensitively unless `flags` says otherwise.
 */
export type ForbiddenContent = { text: string } | { regex: string; flags: string };

/** Review states a drafted case goes through (cases/drafts/). */
export const caseStatuses = ['draft', 'accepted', 'rejected'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export interface TestCase {
  id: string;
  question: string;
  /** Reference answer. */
  answer?: string;
  /** Strings that must be stated (normalised comparison). */
  facts: string[];
  /** What the answer must not state (e.g. the value a changelog replaced); absent when none. */
  mustNotContain?: ForbiddenContent[];
  /** Document ids that hold the answer. */
  sources: string[];
  format: CaseFormat;
  user: { groups: string[] };
  tags: string[];
  /** `eval` cases are held out; `train` cases may feed fine-tuning data. Default eval. */
  split: 'eval' | 'train';
  /**
   * Review state of a drafted case (`knowhow cases draft`): only `accepted` drafts are evaluated;
   * absent on hand-written cases, which are always evaluated.
   */
  status?: 'accepted';
  /** Where it was defined, for messages. */
  origin: { file: string; line: number };
}

export interface FewShotExample {
  question: string;
  answer: string;
  tags: string[];
  origin: { file: string; line: number };
}
