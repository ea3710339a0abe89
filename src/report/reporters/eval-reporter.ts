import type { TestCase } from '../../core/case-types.js';
import type { EvalRow } from '../../core/eval-types.js';

/**
 * Machine-readable reports of one eval run, each behind this one interface (as Vitest's
 * reporters are): JUnit XML for CI test views, CSV for a reviewer's spreadsheet, JSONL for
 * scripts. A reporter renders a finished run's rows to text and nothing else; where the text is
 * written (the run folder, a path given with `--reporter name=path`) is the caller's business.
 */

export const reporterNames = ['junit', 'csv', 'jsonl'] as const;
export type ReporterName = (typeof reporterNames)[number];

export interface ReporterInput {
  runId: string;
  project: string;
  /** The run's rows; a case × variant that ran more than once counts by its last row. */
  rows: readonly EvalRow[];
  /** The cases of the run, for where each is defined (file:line) and its tags. */
  cases: readonly Pick<TestCase, 'id' | 'origin' | 'tags'>[];
  /** Variants that did not run, and why. */
  skippedVariants: readonly { variant: string; reason: string }[];
}

export interface EvalReporter {
  name: ReporterName;
  /** The file it writes in the run folder. */
  fileName: string;
  render(input: ReporterInput): Promise<string>;
}
