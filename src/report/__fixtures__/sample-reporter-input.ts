import type { VariantName } from '../../core/eval-types.js';
import type { ReporterInput } from '../reporters/eval-reporter.js';
import { buildSampleReport } from './sample-report.js';

/** Text a spreadsheet would run as a formula, and characters XML 1.0 cannot hold. */
export const FORMULA_QUESTION = '=HYPERLINK("http://evil.example","click")';
export const CONTROL_ANSWER = 'bell\u0007 and ]]> and "quotes", commas\r\nand a second line';

/**
 * The sample report's rows as reporters get them, with a hostile question and answer planted in
 * the first case's rag row (which fails on content, with markup in its reason) and cases that name their file and line.
 */
export function buildReporterInput(variants?: readonly VariantName[]): ReporterInput {
  const report = buildSampleReport(variants ? { variants } : {});
  const firstCase = report.cases[0]!.id;
  const rows = report.rows.map((row) =>
    row.caseId === firstCase && row.variant === 'rag'
      ? {
          ...row,
          question: FORMULA_QUESTION,
          answer: CONTROL_ANSWER,
          passed: false,
          verdicts: { ...row.verdicts, content: 'fail' as const },
          checks: [
            ...row.checks,
            {
              name: 'must-not-contain',
              kind: 'content' as const,
              verdict: 'fail' as const,
              reason: 'states what the case rules out: "<b>7 days</b> & more"',
            },
          ],
        }
      : row,
  );
  return {
    runId: report.runId,
    project: report.project,
    rows,
    cases: report.cases.map((testCase, index) => ({
      id: testCase.id,
      tags: testCase.tags,
      origin: { file: 'cases/support & billing.yaml', line: 1 + index * 7 },
    })),
    skippedVariants: report.skippedVariants,
  };
}
