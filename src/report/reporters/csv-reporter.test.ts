import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  buildReporterInput,
  CONTROL_ANSWER,
  FORMULA_QUESTION,
} from '../__fixtures__/sample-reporter-input.js';
import { csvReporter } from './csv-reporter.js';

describe('csvReporter', () => {
  it('writes a header and one RFC 4180 record per case × variant that a CSV parser reads back', async () => {
    const input = buildReporterInput();
    const text = await csvReporter.render(input);
    expect(text.startsWith('\ufeffrun_id,case_id,variant,outcome,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(input.rows.length);
    const first = records[0]!;
    expect(Object.keys(first)).toEqual([
      'run_id',
      'case_id',
      'variant',
      'outcome',
      'content',
      'format',
      'grounding',
      'retrieval',
      'why_not_passed',
      'question',
      'answer',
      'model',
      'latency_ms',
      'prompt_tokens',
      'completion_tokens',
      'cost_usd',
      'case_file',
      'tags',
    ]);
    const byKey = new Map(records.map((record) => [`${record.case_id}/${record.variant}`, record]));
    for (const row of input.rows) {
      const record = byKey.get(`${row.caseId}/${row.variant}`)!;
      expect(record.outcome).toBe(row.error ? 'error' : row.passed ? 'pass' : 'fail');
      expect(Number(record.prompt_tokens)).toBe(row.usage.promptTokens);
      if (!row.passed && !row.error) {
        for (const check of row.checks.filter((check) => check.verdict === 'fail'))
          expect(record.why_not_passed).toContain(`${check.name}: ${check.reason}`);
      }
    }
    expect(first.case_file).toBe('cases/support & billing.yaml:1');
  });

  it('defuses formulas in text cells and keeps quotes, commas and line breaks in one cell', async () => {
    const input = buildReporterInput();
    const records = parse(await csvReporter.render(input), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    const hostile = records.find(
      (record) => record.variant === 'rag' && record.case_id === input.cases[0]?.id,
    )!;
    expect(hostile.question).toBe(`'${FORMULA_QUESTION}`);
    expect(hostile.answer).toBe(CONTROL_ANSWER);
    for (const record of records)
      for (const value of Object.values(record)) expect(value).not.toMatch(/^[=+@\t\r]/);
  });
});
