import { describe, expect, it } from 'vitest';
import { parseReporterOption } from './parse-reporter-option.js';

describe('parseReporterOption', () => {
  it('reads names, comma lists and name=path (a path may hold commas)', () => {
    expect(parseReporterOption(['junit', 'csv,jsonl', 'junit=out/a,b.xml'])).toEqual([
      { name: 'junit' },
      { name: 'csv' },
      { name: 'jsonl' },
      { name: 'junit', path: 'out/a,b.xml' },
    ]);
  });

  it('names the reporters there are, and a missing path', () => {
    expect(() => parseReporterOption(['xunit'])).toThrow(/unknown reporter "xunit"/);
    expect(() => parseReporterOption(['junit='])).toThrow(/names no file/);
  });
});
