import { variantNames } from '../core/config/variant-names.js';
import type { EvalRow, VariantName } from '../core/eval-types.js';

/**
 * What changed between two eval runs, in the order a reviewer reads it: per variant, how many
 * cases were fixed, broke or stayed; variants only one run has, once each (a tuned model
 * registered or dropped between runs is 142 rows, not 142 changes); then the changed cases,
 * regressions first. Cases only one run has are listed by id, not as changes.
 */

export interface VariantComparison {
  variant: VariantName;
  before: { cases: number; passed: number; passRate: number };
  after: { cases: number; passed: number; passRate: number };
  /** Failed before, pass after. */
  fixed: number;
  /** Passed before, fail after. */
  broke: number;
  unchanged: number;
  /** Cases of this variant only in the after run. */
  added: number;
  /** Cases of this variant only in the before run. */
  removed: number;
}

export interface CaseChange {
  caseId: string;
  variant: VariantName;
  change: 'fixed' | 'broke';
  /** Checks whose verdict flipped, as `name before→after`. */
  flipped: string[];
}

export interface RunComparison {
  variants: VariantComparison[];
  onlyBefore: { variant: VariantName; cases: number }[];
  onlyAfter: { variant: VariantName; cases: number }[];
  /** Cases of the compared variants whose outcome changed: every `broke` first, then `fixed`. */
  changes: CaseChange[];
  /** Case ids found, in a compared variant, only in one run. */
  casesOnlyBefore: string[];
  casesOnlyAfter: string[];
}

const variantOrder: readonly VariantName[] = variantNames;

/** The last row per case of each variant (a re-run keeps its newest row). */
function byVariant(rows: readonly EvalRow[]): Map<VariantName, Map<string, EvalRow>> {
  const grouped = new Map<VariantName, Map<string, EvalRow>>();
  for (const row of rows) {
    const cases = grouped.get(row.variant) ?? new Map<string, EvalRow>();
    cases.set(row.caseId, row);
    grouped.set(row.variant, cases);
  }
  return grouped;
}

function tally(rows: ReadonlyMap<string, EvalRow>): VariantComparison['before'] {
  const passed = [...rows.values()].filter((row) => row.passed && !row.error).length;
  return { cases: rows.size, passed, passRate: rows.size === 0 ? 0 : passed / rows.size };
}

function flippedChecks(before: EvalRow, after: EvalRow): string[] {
  const verdicts = new Map(before.checks.map((check) => [check.name, check.verdict]));
  return after.checks
    .filter((check) => verdicts.has(check.name) && verdicts.get(check.name) !== check.verdict)
    .map((check) => `${check.name} ${verdicts.get(check.name)}→${check.verdict}`);
}

export function compareRuns(before: readonly EvalRow[], after: readonly EvalRow[]): RunComparison {
  const beforeRows = byVariant(before);
  const afterRows = byVariant(after);
  const present = (rows: Map<VariantName, Map<string, EvalRow>>) =>
    variantOrder.filter((variant) => rows.has(variant));
  const comparison: RunComparison = {
    variants: [],
    onlyBefore: present(beforeRows)
      .filter((variant) => !afterRows.has(variant))
      .map((variant) => ({ variant, cases: beforeRows.get(variant)!.size })),
    onlyAfter: present(afterRows)
      .filter((variant) => !beforeRows.has(variant))
      .map((variant) => ({ variant, cases: afterRows.get(variant)!.size })),
    changes: [],
    casesOnlyBefore: [],
    casesOnlyAfter: [],
  };
  const onlyBefore = new Set<string>();
  const onlyAfter = new Set<string>();
  const broke: CaseChange[] = [];
  const fixed: CaseChange[] = [];
  for (const variant of present(beforeRows).filter((name) => afterRows.has(name))) {
    const earlier = beforeRows.get(variant)!;
    const later = afterRows.get(variant)!;
    const entry: VariantComparison = {
      variant,
      before: tally(earlier),
      after: tally(later),
      fixed: 0,
      broke: 0,
      unchanged: 0,
      added: 0,
      removed: 0,
    };
    for (const [caseId, row] of earlier) {
      const next = later.get(caseId);
      if (!next) {
        entry.removed++;
        onlyBefore.add(caseId);
        continue;
      }
      const passedBefore = row.passed && !row.error;
      const passedAfter = next.passed && !next.error;
      if (passedBefore === passedAfter) {
        entry.unchanged++;
        continue;
      }
      const change: CaseChange = {
        caseId,
        variant,
        change: passedAfter ? 'fixed' : 'broke',
        flipped: flippedChecks(row, next),
      };
      if (passedAfter) {
        entry.fixed++;
        fixed.push(change);
      } else {
        entry.broke++;
        broke.push(change);
      }
    }
    for (const caseId of later.keys()) {
      if (earlier.has(caseId)) continue;
      entry.added++;
      onlyAfter.add(caseId);
    }
    comparison.variants.push(entry);
  }
  const order = (a: CaseChange, b: CaseChange) =>
    a.caseId.localeCompare(b.caseId) || variantOrder.indexOf(a.variant) - variantOrder.indexOf(b.variant);
  comparison.changes = [...broke.sort(order), ...fixed.sort(order)];
  comparison.casesOnlyBefore = [...onlyBefore].sort();
  comparison.casesOnlyAfter = [...onlyAfter].sort();
  return comparison;
}
