import { describe, expect, it } from 'vitest';
import { findJsonError } from './find-json-error.js';

/** 1-based line and column of an offset, lines split at LF (a CR before it ends the line before). */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
}

describe('findJsonError', () => {
  it('points at the first character that breaks JSON', () => {
    const cases: Array<[text: string, lineColumn: string]> = [
      ['{\n"a": 1,\n"b": [1, 2,]\n}', '3:12'],
      ['[1,\n2\n', '3:1'],
      ['{"a": "x\\q"}', '1:9'],
      ['{\n  "a": 1\n  "b": 2\n}', '3:3'],
      ["{\n'a': 1}", '2:1'],
      ['{\n// note\n"a": 1}', '2:1'],
      ['{\n  a: 1\n}', '2:3'],
      ['{"a": "x\ty"}', '1:9'],
      ['[\n1,\nNaN]', '3:1'],
      ['[01]', '1:3'],
      ['{"a": 1}\n}', '2:1'],
      ['{\r\n"a": 1,\r\n}', '3:1'],
      ['', '1:1'],
      ['{"a": "abc\n}', '1:11'],
      ['["\\u12G4"]', '1:3'],
      ['{"a" 1}', '1:6'],
      [`[\n${'{"k": 1},\n'.repeat(5000)}{"k": 1,}\n]`, '5002:9'],
    ];
    for (const [text, lineColumn] of cases) {
      expect(lineAndColumn(text, findJsonError(text)), JSON.stringify(text.slice(0, 40))).toBe(lineColumn);
    }
  });

  it('returns -1 for valid JSON', () => {
    expect(findJsonError('{"a": [true, null, -1.5e3, "\\u00e9", {}], "b": ""}')).toBe(-1);
    expect(findJsonError(' \n"text"\n')).toBe(-1);
  });
});
