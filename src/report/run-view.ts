import type { EvalRow, VariantName } from '../core/eval-types.js';
import type { ReportData } from '../core/report-types.js';
import { type Diagnosis, summarizeVariants, type VariantSummary } from '../decide/index.js';
import { buildReportPayload, type ReportCase, type ReportPayload } from './build-report-payload.js';
import { indexLatestRows } from './index-latest-rows.js';

/**
 * Everything the run panels show, computed once from a run's ReportData. The HTML report builds
 * it on the server; the dashboard builds it in the browser from GET /v1/runs/:id (the same pure
 * code, bundled), so both show the same figures. A run that `knowhow diagnose` has not seen yet
 * has `diagnosis: null`: the panels that need one say so, the others work from the rows.
 */
export interface RunView {
  project: string;
  runId: string;
  createdAt: string;
  models: Record<string, string>;
  notes: readonly string[];
  skippedVariants: readonly { variant: string; reason: string }[];
  rows: readonly EvalRow[];
  /** Variants that ran, in the canonical order. */
  variants: readonly VariantName[];
  summaries: readonly VariantSummary[];
  diagnosis: Diagnosis | null;
  /** The last row of each case × variant (the rows every chart and label describes). */
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>;
  cases: readonly ReportCase[];
  /** What a case's drill-down reads: only the fields it shows, chunk texts once. */
  payload: ReportPayload;
}

export function buildRunView(data: ReportData<Diagnosis | null>): RunView {
  const diagnosis = data.diagnosis;
  const summaries = diagnosis?.variants ?? summarizeVariants(data.rows);
  const latest = indexLatestRows(data.rows);
  const variants = orderVariants(summaries, data.rows);
  const { cases, payload } = buildReportPayload(data, latest, variants, diagnosis?.attributions ?? []);
  return {
    project: data.project,
    runId: data.runId,
    createdAt: data.createdAt,
    models: data.models,
    notes: data.notes,
    skippedVariants: data.skippedVariants,
    rows: data.rows,
    variants,
    summaries,
    diagnosis,
    latest,
    cases,
    payload,
  };
}

/** The summaries come in the canonical variant order; a row's variant missing from them goes last. */
function orderVariants(summaries: readonly VariantSummary[], rows: readonly EvalRow[]): VariantName[] {
  const ordered = summaries.map((summary) => summary.variant);
  for (const row of rows) if (!ordered.includes(row.variant)) ordered.push(row.variant);
  return ordered;
}
