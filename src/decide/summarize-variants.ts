import { variantNames } from '../core/config/variant-names.js';
import type { CheckKind, EvalRow, VariantName } from '../core/eval-types.js';

export interface LatencyStats {
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  /** Rows the figures come from (live calls only). */
  samples: number;
}

/** What one variant measured over a run: the numbers the report, the cost model and the matrix read. */
export interface VariantSummary {
  variant: VariantName;
  /** provider:model that answered most rows. */
  model: string;
  /** Rows, one per case. */
  cases: number;
  passed: number;
  /** passed / cases; an errored row counts as failed (DESIGN.md: a failed call is a failed row). */
  passRate: number;
  /** Share of rows without error whose verdict of that kind passed, among those with a verdict; null when none had one. */
  contentPassRate: number | null;
  formatPassRate: number | null;
  groundingPassRate: number | null;
  /** Mean of the recall@k scores of the rows that were scored on retrieval; null when none were. */
  meanRecall: number | null;
  /**
   * Over live rows only: a cached answer costs no time, so counting it would report a latency
   * that production never sees. Null when every row was cached or errored.
   */
  latency: LatencyStats | null;
  /** Means over rows without error (cached rows keep the usage of the call that filled the cache). */
  meanPromptTokens: number;
  meanCompletionTokens: number;
  totalCostUsd: number;
  errors: number;
  cached: number;
  extractive: number;
}

const variantOrder: readonly VariantName[] = variantNames;

/** One summary per variant present in the rows, in the variants' canonical order. */
export function summarizeVariants(rows: readonly EvalRow[]): VariantSummary[] {
  const byVariant = new Map<VariantName, EvalRow[]>();
  for (const row of rows) {
    const group = byVariant.get(row.variant);
    if (group) group.push(row);
    else byVariant.set(row.variant, [row]);
  }
  return variantOrder.flatMap((variant) => {
    const group = byVariant.get(variant);
    return group ? [summarizeVariant(variant, group)] : [];
  });
}

function summarizeVariant(variant: VariantName, rows: readonly EvalRow[]): VariantSummary {
  const answered = rows.filter((row) => !row.error);
  const live = answered.filter((row) => !row.cached).map((row) => row.latencyMs);
  const recalls = answered.flatMap((row) => {
    const check = row.checks.find(
      (candidate) =>
        candidate.kind === 'retrieval' &&
        candidate.name.startsWith('recall') &&
        candidate.score !== undefined,
    );
    return check?.score === undefined ? [] : [check.score];
  });
  const passed = rows.filter((row) => row.passed && !row.error).length;
  return {
    variant,
    model: mostCommon(rows.map((row) => row.model)),
    cases: rows.length,
    passed,
    passRate: rows.length === 0 ? 0 : passed / rows.length,
    contentPassRate: verdictPassRate(answered, 'content'),
    formatPassRate: verdictPassRate(answered, 'format'),
    groundingPassRate: verdictPassRate(answered, 'grounding'),
    meanRecall: recalls.length === 0 ? null : mean(recalls),
    latency:
      live.length === 0
        ? null
        : {
            meanMs: mean(live),
            p50Ms: percentile(live, 50),
            p95Ms: percentile(live, 95),
            samples: live.length,
          },
    meanPromptTokens: answered.length === 0 ? 0 : mean(answered.map((row) => row.usage.promptTokens)),
    meanCompletionTokens: answered.length === 0 ? 0 : mean(answered.map((row) => row.usage.completionTokens)),
    totalCostUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
    errors: rows.length - answered.length,
    cached: rows.filter((row) => row.cached).length,
    extractive: rows.filter((row) => row.extractive).length,
  };
}

function verdictPassRate(rows: readonly EvalRow[], kind: CheckKind): number | null {
  let judged = 0;
  let passed = 0;
  for (const row of rows) {
    const verdict = row.verdicts[kind];
    if (verdict === 'skipped') continue;
    judged++;
    if (verdict === 'pass') passed++;
  }
  return judged === 0 ? null : passed / judged;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Nearest-rank percentile: always a value that was observed. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
