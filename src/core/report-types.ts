/**
 * The data behind a diagnosis report (the HTML report, the dashboard and `--json` read this one
 * shape). Built by the CLI/server from a run folder; rendered without any further lookups.
 */
import type { TestCase } from './case-types.js';
import type { EvalRow } from './eval-types.js';
import type { SourceLocation } from './types.js';

/** A passage a row used; SourceLocation says where it stands in its file (file:line, p. N). */
export interface ReportChunk extends SourceLocation {
  id: string;
  documentId: string;
  title: string;
  headingPath: string[];
  start: number;
  end: number;
  text: string;
}

/** What a run's checks were held to: recorded in meta.json at eval time, shown in the report. */
export interface RunCheckRules {
  thresholds: { f1: number; support: number; supportedShare: number; recall: number };
  /** provider:model of the judge that decided content; null when the lexical checks decided. */
  judge: string | null;
}

export interface ReportData<TDiagnosis = unknown> {
  runId: string;
  project: string;
  createdAt: string;
  /** Models per variant as run, e.g. { rag: 'extractive:extractive' }. */
  models: Record<string, string>;
  /** Why variants did not run (no tuned model…). */
  skippedVariants: { variant: string; reason: string }[];
  /** Notes shown at the top (e.g. "extractive model: no LLM configured"). */
  notes: string[];
  /** The pass marks the run's checks used (eval.thresholds, defaults filled in) and the judge, if any. */
  checks?: RunCheckRules;
  cases: Pick<TestCase, 'id' | 'question' | 'answer' | 'facts' | 'sources' | 'format' | 'tags' | 'user'>[];
  rows: EvalRow[];
  /** Every chunk a row retrieved or was given, by id. */
  chunks: Record<string, ReportChunk>;
  diagnosis: TDiagnosis;
}
