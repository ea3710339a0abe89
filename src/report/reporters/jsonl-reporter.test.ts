import { describe, expect, it } from 'vitest';
import { buildReporterInput } from '../__fixtures__/sample-reporter-input.js';
import { jsonlReporter } from './jsonl-reporter.js';

describe('jsonlReporter', () => {
  it('writes one JSON object per case × variant, then one per variant that did not run', async () => {
    const input = buildReporterInput(['prompt', 'rag']);
    const text = await jsonlReporter.render(input);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(input.rows.length + input.skippedVariants.length);
    const failingRow = input.rows.find((row) => !row.passed && !row.error)!;
    const failing = lines.find(
      (line) => line.caseId === failingRow.caseId && line.variant === failingRow.variant,
    )!;
    expect(failing).toMatchObject({
      runId: input.runId,
      outcome: 'fail',
      verdicts: failingRow.verdicts,
      caseFile: 'cases/support & billing.yaml',
      failedChecks: failingRow.checks
        .filter((check) => check.verdict === 'fail')
        .map(({ name, kind, reason }) => ({ name, kind, reason })),
    });
    expect(lines.at(-1)).toEqual({
      runId: input.runId,
      variant: input.skippedVariants.at(-1)?.variant,
      outcome: 'skipped',
      why: input.skippedVariants.at(-1)?.reason,
    });
  });
});
