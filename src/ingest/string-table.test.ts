import { describe, expect, it } from 'vitest';
import { StringTable } from './string-table.js';

describe('StringTable', () => {
  it('numbers strings in the order they are added and finds them again', () => {
    const table = new StringTable();
    expect(table.add('docs/a.md')).toBe(0);
    expect(table.add('data/r.jsonl#r1')).toBe(1);
    expect(table.add('docs/a.md')).toBe(0);
    expect(table.size).toBe(2);
    expect(table.indexOf('data/r.jsonl#r1')).toBe(1);
    expect(table.indexOf('data/r.jsonl#r2')).toBe(-1);
    expect(table.indexOf('docs/a.md')).toBe(0);
    expect(table.keyAt(1)).toBe('data/r.jsonl#r1');
    expect(() => table.keyAt(2)).toThrow(RangeError);
  });

  it('tells apart strings whose UTF-16 units equal another string UTF-8 bytes', () => {
    const table = new StringTable();
    // "é" is the bytes C3 A9; "Ã©" is the code units C3 A9.
    table.add('é');
    expect(table.indexOf('\u00c3\u00a9')).toBe(-1);
    expect(table.add('\u00c3\u00a9')).toBe(1);
    expect(table.indexOf('é')).toBe(0);
    expect(table.keyAt(1)).toBe('\u00c3\u00a9');
  });

  it('keeps every string exactly through growth, in any script, the empty one included', () => {
    const table = new StringTable();
    const keys: string[] = [''];
    for (let i = 0; i < 50_000; i++)
      keys.push(i % 7 === 0 ? `文書/${i}-🙂` : i % 5 === 0 ? `Ünïcode#${i}` : `data/records.jsonl#r${i}`);
    expect(keys.map((key) => table.add(key))).toEqual(keys.map((_, index) => index));
    expect(table.size).toBe(keys.length);
    keys.forEach((key, index) => {
      expect(table.indexOf(key)).toBe(index);
      expect(table.keyAt(index)).toBe(key);
    });
    expect(table.indexOf('data/records.jsonl#r50000')).toBe(-1);
    expect(table.indexOf('data/records.jsonl#r1 ')).toBe(-1);
  });

  it('keeps a lone surrogate as UTF-8 does (replaced), as the index stores ids', () => {
    const table = new StringTable();
    table.add('a\ud800');
    expect(table.keyAt(0)).toBe('a\ufffd');
    expect(table.indexOf('a\ud800')).toBe(0);
  });
});
