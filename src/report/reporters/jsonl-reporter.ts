import type { EvalReporter } from './eval-reporter.js';
import { describeFailure, indexCases, latestRowsByVariant, outcomeOf } from './report-rows.js';

/**
 * JSON Lines for scripts: one object per case × variant with a flat, stable shape (unlike
 * rows.jsonl, which is the run's internal log: every attempt, every field). Skipped variants are
 * one line each with `outcome: "skipped"`.
 */
export const jsonlReporter: EvalReporter = {
  name: 'jsonl',
  fileName: 'results.jsonl',
  async render(input) {
    const cases = indexCases(input);
    const lines: string[] = [];
    for (const rows of latestRowsByVariant(input.rows).values()) {
      for (const row of rows) {
        const outcome = outcomeOf(row);
        const origin = cases.get(row.caseId)?.origin;
        lines.push(
          JSON.stringify({
            runId: row.runId,
            caseId: row.caseId,
            variant: row.variant,
            outcome,
            verdicts: row.verdicts,
            ...(outcome === 'pass' ? {} : { why: describeFailure(row) }),
            failedChecks: row.checks
              .filter((check) => check.verdict === 'fail')
              .map(({ name, kind, reason }) => ({ name, kind, reason })),
            scores: Object.fromEntries(
              row.checks.flatMap((check) => (check.score === undefined ? [] : [[check.name, check.score]])),
            ),
            question: row.question,
            answer: row.answer,
            ...(row.error ? { error: row.error } : {}),
            model: row.model,
            latencyMs: row.latencyMs,
            usage: row.usage,
            costUsd: row.costUsd,
            ...(origin ? { caseFile: origin.file, caseLine: origin.line } : {}),
          }),
        );
      }
    }
    for (const skipped of input.skippedVariants) {
      lines.push(
        JSON.stringify({
          runId: input.runId,
          variant: skipped.variant,
          outcome: 'skipped',
          why: skipped.reason,
        }),
      );
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  },
};
