import type { EvalRow, VariantName } from '../core/eval-types.js';

/** A variant that ran but measured nothing: every one of its rows is a failed model call. */
export interface FailedVariant {
  variant: VariantName;
  rows: number;
  /** The first row's error: usually all of them share the cause (a bad key, a dead server). */
  firstError: { code: string; message: string };
}

/**
 * The variants without a single successful row, in the order they first appear. Their pass rate
 * of 0% is not a measurement: CI must fail (VARIANT_FAILED) instead of reading it as one.
 */
export function findFailedVariants(rows: readonly EvalRow[]): FailedVariant[] {
  const byVariant = new Map<VariantName, EvalRow[]>();
  for (const row of rows) {
    const list = byVariant.get(row.variant) ?? [];
    list.push(row);
    byVariant.set(row.variant, list);
  }
  const failed: FailedVariant[] = [];
  for (const [variant, list] of byVariant) {
    const first = list[0]?.error;
    if (first && list.every((row) => row.error !== undefined)) {
      failed.push({ variant, rows: list.length, firstError: first });
    }
  }
  return failed;
}

export function describeFailedVariant(failed: FailedVariant): string {
  return `${failed.variant}: all ${failed.rows} rows failed with a model error (first: ${failed.firstError.code} ${failed.firstError.message})`;
}

/** `error [VARIANT_FAILED] rag: all 71 rows failed …` lines after a blank line; none when every variant ran. */
export function failedVariantLines(failed: readonly FailedVariant[]): string[] {
  if (failed.length === 0) return [];
  return ['', ...failed.map((entry) => `error [VARIANT_FAILED] ${describeFailedVariant(entry)}`)];
}
