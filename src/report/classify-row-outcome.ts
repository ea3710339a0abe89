import type { EvalRow } from '../core/eval-types.js';

/**
 * What one row shows on the attribution chart. Grounding counts with format, as in the failure
 * attribution: citing the passages given is behaviour, not content.
 */
export type RowOutcome = 'pass' | 'content-fail' | 'format-fail' | 'both-fail' | 'other-fail' | 'error';

export const rowOutcomes: readonly RowOutcome[] = [
  'pass',
  'content-fail',
  'format-fail',
  'both-fail',
  'other-fail',
  'error',
];

export const rowOutcomeLabels: Record<RowOutcome, string> = {
  pass: 'pass',
  'content-fail': 'content fail',
  'format-fail': 'format/grounding fail',
  'both-fail': 'both fail',
  'other-fail': 'other fail',
  error: 'error',
};

export function classifyRowOutcome(row: EvalRow): RowOutcome {
  if (row.error) return 'error';
  if (row.passed) return 'pass';
  const content = row.verdicts.content === 'fail';
  const behaviour = row.verdicts.format === 'fail' || row.verdicts.grounding === 'fail';
  if (content && behaviour) return 'both-fail';
  if (content) return 'content-fail';
  if (behaviour) return 'format-fail';
  return 'other-fail';
}
