import { describe, expect, it } from 'vitest';
import type { TestCase } from '../core/case-types.js';
import { formatCaseProblems } from './case-problem.js';
import { checkCaseSources } from './check-case-sources.js';

function makeCase(id: string, sources: string[]): TestCase {
  return {
    id,
    question: 'q',
    facts: [],
    sources,
    format: {},
    user: { groups: ['public'] },
    tags: [],
    split: 'eval',
    origin: { file: 'cases/a.yaml', line: 12 },
  };
}

const known = new Set(['billing/refunds.md', 'billing/invoices.md', 'support/hours.md']);

describe('checkCaseSources', () => {
  it('accepts sources that name indexed documents', () => {
    expect(checkCaseSources([makeCase('ok', ['billing/refunds.md', 'support/hours.md'])], known)).toEqual([]);
  });

  it('reports an unknown source with the closest id as a suggestion', () => {
    const problems = checkCaseSources([makeCase('typo', ['billing/refund.md'])], known);
    expect(problems).toEqual([
      {
        file: 'cases/a.yaml',
        line: 12,
        caseId: 'typo',
        field: 'sources[0]',
        message: 'source "billing/refund.md" names no indexed document (did you mean "billing/refunds.md"?)',
        hint: 'Change it to "billing/refunds.md".',
      },
    ]);
    expect(formatCaseProblems(problems)).toBe(
      'cases/a.yaml:12 case "typo" field sources[0]: source "billing/refund.md" names no indexed document (did you mean "billing/refunds.md"?) — fix: Change it to "billing/refunds.md".',
    );
  });

  it('suggests the one id a bare file name or a ./ or backslash path stands for', () => {
    const problems = checkCaseSources(
      [makeCase('bare', ['hours.md', './billing/invoices.md', 'billing\\refunds.md'])],
      known,
    );
    expect(problems.map((problem) => problem.hint)).toEqual([
      'Change it to "support/hours.md".',
      'Change it to "billing/invoices.md".',
      'Change it to "billing/refunds.md".',
    ]);
  });

  it('says what to do when nothing is close, or when the index is empty', () => {
    const far = checkCaseSources([makeCase('far', ['legal/privacy-policy.pdf'])], known);
    expect(far[0]?.message).toBe('source "legal/privacy-policy.pdf" names no indexed document');
    expect(far[0]?.hint).toContain('path relative to the ingest root');
    const empty = checkCaseSources([makeCase('e', ['a.md'])], new Set());
    expect(empty[0]?.hint).toContain('knowhow ingest');
  });
});
