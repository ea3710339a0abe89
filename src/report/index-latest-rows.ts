import type { EvalRow, VariantName } from '../core/eval-types.js';

/**
 * The row each case × variant ends with. A re-run variant keeps its last row (rows arrive in the
 * order they were written), the same rule the failure attribution applies, so the table, the
 * charts and the labels describe the same rows.
 */
export function indexLatestRows(rows: readonly EvalRow[]): Map<string, Map<VariantName, EvalRow>> {
  const byCase = new Map<string, Map<VariantName, EvalRow>>();
  for (const row of rows) {
    let byVariant = byCase.get(row.caseId);
    if (!byVariant) {
      byVariant = new Map();
      byCase.set(row.caseId, byVariant);
    }
    byVariant.set(row.variant, row);
  }
  return byCase;
}

/** The latest rows of one variant, in case order. */
export function selectVariantRows(
  latest: ReadonlyMap<string, ReadonlyMap<VariantName, EvalRow>>,
  variant: VariantName,
): EvalRow[] {
  return [...latest.values()].flatMap((byVariant) => {
    const row = byVariant.get(variant);
    return row ? [row] : [];
  });
}
