import type { CheckResult, EvalRow } from '../../core/eval-types.js';
import { indexLatestRows } from '../index-latest-rows.js';
import type { ReporterInput } from './eval-reporter.js';

/** What the reporters share: the latest row per case × variant, and how a row's outcome reads. */

export type RowOutcome = 'pass' | 'fail' | 'error';

export function outcomeOf(row: EvalRow): RowOutcome {
  if (row.error) return 'error';
  return row.passed ? 'pass' : 'fail';
}

/** The rows that decide, grouped by variant in the order variants first appear, cases in run order. */
export function latestRowsByVariant(rows: ReporterInput['rows']): Map<string, EvalRow[]> {
  const byVariant = new Map<string, EvalRow[]>();
  for (const byCase of indexLatestRows(rows).values()) {
    for (const row of byCase.values()) {
      const list = byVariant.get(row.variant) ?? [];
      list.push(row);
      byVariant.set(row.variant, list);
    }
  }
  return byVariant;
}

export function failedChecks(row: EvalRow): CheckResult[] {
  return row.checks.filter((check) => check.verdict === 'fail');
}

/**
 * Why a row did not pass, one line: its failing checks, or — when none failed — that no content
 * or format check could pass (a row passes only on a content or format pass).
 */
export function describeFailure(row: EvalRow): string {
  if (row.error) return `${row.error.code}: ${row.error.message}`;
  const failed = failedChecks(row);
  if (failed.length === 0) return 'no content or format check passed (all were skipped)';
  return failed.map((check) => `${check.name}: ${check.reason}`).join('; ');
}

export type CaseIndex = ReadonlyMap<string, ReporterInput['cases'][number]>;

export function indexCases(input: ReporterInput): CaseIndex {
  return new Map(input.cases.map((testCase) => [testCase.id, testCase]));
}
