import { stringify } from 'csv-stringify/sync';
import type { EvalReporter } from './eval-reporter.js';
import { describeFailure, indexCases, latestRowsByVariant, outcomeOf } from './report-rows.js';

const columns = [
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
] as const;

/**
 * CSV for a reviewer's spreadsheet: a header row, then one row per case × variant. RFC 4180 as
 * csv-stringify writes it (CRLF records, fields with a comma, quote or line break quoted, quotes
 * doubled); a UTF-8 byte-order mark so Excel reads accents and dashes right; and formula
 * injection defused: a text cell starting with = + - @ tab or CR gets a leading ' (OWASP's advice),
 * because answers and questions are model or user text. Numbers stay numbers.
 */
export const csvReporter: EvalReporter = {
  name: 'csv',
  fileName: 'results.csv',
  async render(input) {
    const cases = indexCases(input);
    const records: (string | number)[][] = [];
    for (const rows of latestRowsByVariant(input.rows).values()) {
      for (const row of rows) {
        const testCase = cases.get(row.caseId);
        const outcome = outcomeOf(row);
        records.push([
          row.runId,
          row.caseId,
          row.variant,
          outcome,
          row.verdicts.content,
          row.verdicts.format,
          row.verdicts.grounding,
          row.verdicts.retrieval,
          outcome === 'pass' ? '' : describeFailure(row),
          row.question,
          row.answer,
          row.model,
          Math.round(row.latencyMs),
          row.usage.promptTokens,
          row.usage.completionTokens,
          row.costUsd,
          testCase ? `${testCase.origin.file}:${testCase.origin.line}` : '',
          testCase ? testCase.tags.join(' ') : '',
        ]);
      }
    }
    return stringify(records, {
      header: true,
      columns: [...columns],
      bom: true,
      record_delimiter: 'windows',
      quote_record_delimiter: true,
      escape_formulas: true,
    });
  },
};
