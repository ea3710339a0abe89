/** The rows an eval run writes, one per case × variant; the decide stage reads only these. */
import type { variantNames } from './config/schema.js';
import type { TokenUsage } from './types.js';

/** The variants, named once in config/schema.ts (`variantNames`). */
export type VariantName = (typeof variantNames)[number];

export type CheckKind = 'content' | 'format' | 'grounding' | 'retrieval';

export interface CheckResult {
  /** e.g. `facts`, `token-f1`, `exact-match`, `judge-correctness`, `json-schema`, `max-words`, `citations`, `recall@k`. */
  name: string;
  kind: CheckKind;
  /** `skipped` when the check does not apply (no reference answer, no judge configured…). */
  verdict: 'pass' | 'fail' | 'skipped';
  /** Numeric value where there is one (F1, recall…). */
  score?: number;
  reason: string;
}

export interface EvalRow {
  runId: string;
  caseId: string;
  variant: VariantName;
  /** provider:model that answered. */
  model: string;
  question: string;
  answer: string;
  /** Model call failed: the row fails, the run goes on. */
  error?: { code: string; message: string };
  checks: CheckResult[];
  /** Verdict per kind: fail if any check of that kind failed, pass if any passed, else skipped. */
  verdicts: Record<CheckKind, 'pass' | 'fail' | 'skipped'>;
  passed: boolean;
  retrievedIds: string[];
  /** Chunk ids actually given to the model. */
  contextIds: string[];
  citations: { marker: number; chunkId: string; valid: boolean }[];
  usage: TokenUsage;
  latencyMs: number;
  costUsd: number;
  cached: boolean;
  extractive: boolean;
  startedAt: string;
  /**
   * Oracle only: the case's reader may not read these gold sources, so the oracle (which reads as
   * that reader) was not run, and the case is reported as unanswerable rather than attributed a gap.
   */
  unanswerable?: { reader: string[]; sources: { documentId: string; groups: string[] }[] };
}
