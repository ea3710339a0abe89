import { describe, expect, it } from 'vitest';
import { formatSourceLocation, pickSourceLocation, sourceLocationJson } from './source-location.js';

describe('source locations', () => {
  it('reads as file:line, p. N or pp. N–M, or the file alone', () => {
    expect(formatSourceLocation('billing/refunds.md', { line: 7, endLine: 9 })).toBe('billing/refunds.md:7');
    expect(formatSourceLocation('handbook.pdf', { page: 3, endPage: 3 })).toBe('handbook.pdf p. 3');
    expect(formatSourceLocation('handbook.pdf', { page: 3, endPage: 4 })).toBe('handbook.pdf pp. 3–4');
    expect(formatSourceLocation('page.html', {})).toBe('page.html');
  });

  it('keeps only the fields present, in JSON as snake_case', () => {
    const chunk = { id: 'x', line: 2, endLine: 3, sourceStart: 10, sourceEnd: 20, text: 't' };
    expect(pickSourceLocation(chunk)).toEqual({ line: 2, endLine: 3, sourceStart: 10, sourceEnd: 20 });
    expect(sourceLocationJson(chunk)).toEqual({ source_start: 10, source_end: 20, line: 2, end_line: 3 });
    expect(sourceLocationJson({ page: 1, endPage: 2 })).toEqual({ page: 1, end_page: 2 });
  });
});
