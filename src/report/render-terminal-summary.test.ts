import { describe, expect, it } from 'vitest';
import { buildSampleReport } from './__fixtures__/sample-report.js';
import { renderTerminalSummary } from './index.js';

const data = buildSampleReport();
const ansi = /\u001b\[[0-9;]*m/g;

describe('renderTerminalSummary', () => {
  const text = renderTerminalSummary(data, {
    color: false,
    reportPath: '.knowhow/runs/run-2026-11-22/report.html',
  });

  it('leads with the recommendation and its top reasons with their numbers', () => {
    const lines = text.split('\n');
    const heading = lines.findIndex((line) => line.startsWith('Recommendation'));
    expect(lines[heading]).toContain('hybrid');
    expect(lines[heading]).toContain('(measured on 12 cases)');
    const reasons = data.diagnosis.recommendation.reasons.slice(0, 5);
    for (const reason of reasons) if (reason.number) expect(text).toContain(`[${reason.number}]`);
    expect(text).toContain(
      `… ${data.diagnosis.recommendation.reasons.length - 5} more reasons in the report`,
    );
  });

  it('prints the variants as aligned columns', () => {
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.trim().startsWith('variant'));
    const table = lines.slice(header, header + 7);
    expect(table.map((line) => line.trim().split(/\s+/)[0])).toEqual([
      'variant',
      'prompt',
      'few-shot',
      'rag',
      'oracle',
      'tuned',
      'hybrid',
    ]);
    // Right-aligned columns: every row ends its p95 cell at the same column as the header.
    const end = table[0]!.indexOf('p95') + 'p95'.length;
    for (const line of table.slice(1)) expect(line.slice(end - 2, end)).toMatch(/(ms| s)$/);
    expect(text).toContain('83% (10/12)');
  });

  it('counts each attribution label and gives example cases with a one-line explanation', () => {
    expect(text).toMatch(/knowledge-gap\s+4\s+33%\s+\+1 secondary/);
    expect(text).toMatch(/\n {4}export-formats\s+Content passes under oracle/);
    expect(text).not.toMatch(/\n {4}refund-window/);
  });

  it('states each architecture’s monthly cost at the configured volume and the break-evens', () => {
    expect(text).toContain('Cost at 2,000 queries/day');
    for (const architecture of ['prompting', 'RAG', 'fine-tuning', 'hybrid']) {
      expect(text).toMatch(new RegExp(`\\n  ${architecture}\\s+\\$[\\d.,]+`));
    }
    expect(text.match(/break-even: /g)).toHaveLength(data.diagnosis.costs.breakEvens.length);
    expect(text).toContain('HTML report  .knowhow/runs/run-2026-11-22/report.html');
  });

  it('fits the width it is given, dropping columns on a narrow terminal', () => {
    const narrow = renderTerminalSummary(data, { color: false, width: 72 });
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(72);
    const header = narrow.split('\n').find((line) => line.trim().startsWith('variant'))!;
    expect(header).not.toContain('grounding');
    expect(header).toContain('pass');
    expect(narrow).not.toContain('HTML report');
  });

  it('names skipped variants and notes', () => {
    const partial = renderTerminalSummary(
      buildSampleReport({ variants: ['prompt', 'few-shot', 'rag', 'oracle'] }),
      {
        color: false,
      },
    );
    expect(partial).toContain('not run: tuned — no tuned model registered');
    expect(partial).toContain('note: No judge model configured');
  });

  it('adds ANSI colour only when asked, without changing the text', () => {
    expect(text).not.toMatch(ansi);
    const colored = renderTerminalSummary(data, {
      color: true,
      reportPath: '.knowhow/runs/run-2026-11-22/report.html',
    });
    expect(colored).toMatch(ansi);
    expect(colored.replace(ansi, '')).toBe(text);
  });

  it('closes each colour with its own code, so a styled part never resets the line around it', () => {
    const colored = renderTerminalSummary(data, { color: true });
    expect(colored).toContain('\u001b[1mRecommendation\u001b[22m');
    expect(colored).not.toContain('\u001b[0m');
  });
});

describe('renderTerminalSummary on an empty run', () => {
  it('prints the guessed recommendation and no NaN', () => {
    const empty = buildSampleReport({ variants: [] });
    const text = renderTerminalSummary({ ...empty, rows: [], cases: [] }, { color: false });
    expect(text).toContain('guessed: no attributed cases');
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });
});
