import { describe, expect, it } from 'vitest';
import { countLines, decodeText, findInvalidUtf8 } from './decode-text.js';

describe('decodeText', () => {
  it('decodes UTF-8, drops a byte-order mark and normalises line endings', () => {
    // The map counts the BOM (one character) and the dropped \r of \r\n; a lone \r is swapped, not dropped.
    expect(decodeText(Buffer.from('\ufeffcafé\r\nline two\rthree'))).toEqual({
      ok: true,
      text: 'café\nline two\nthree',
      map: {
        firstLine: 1,
        shifts: [
          [0, 1],
          [4, 2],
        ],
      },
    });
  });

  it('decodes UTF-16 files that carry a byte-order mark', () => {
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]);
    expect(decodeText(littleEndian)).toEqual({
      ok: true,
      text: 'Grüße',
      map: { firstLine: 1, shifts: [[0, 1]] },
    });
    const bigEndian = Buffer.from(Buffer.from('Hi', 'utf16le')).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]))).toMatchObject({
      ok: true,
      text: 'Hi',
    });
  });

  it('rejects binary content: a NUL byte in the first 8 KB', () => {
    const result = decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expect(result).toMatchObject({ ok: false, kind: 'binary' });
  });

  it('reports invalid UTF-8 with the line of the first bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('line one\nline two\nbad: '),
      Buffer.from([0xe9]),
      Buffer.from(' here\n'),
    ]);
    const result = decodeText(bytes);
    expect(result).toMatchObject({ ok: false, kind: 'encoding', line: 3 });
    expect(result.ok === false && result.reason).toBe('invalid UTF-8 (byte offset 23)');
  });

  it('decodes a declared legacy charset only when the bytes are not UTF-8', () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect(decodeText(latin1, { encoding: 'windows-1252' })).toMatchObject({ ok: true, text: 'café' });
    expect(decodeText(Buffer.from('café'), { encoding: 'iso-8859-1' })).toMatchObject({
      ok: true,
      text: 'café',
    });
  });

  it('rejects empty and whitespace-only content', () => {
    expect(decodeText(Buffer.alloc(0))).toMatchObject({
      ok: false,
      kind: 'empty',
      reason: 'the file is empty',
    });
    expect(decodeText(Buffer.from(' \n\t\r\n'))).toMatchObject({
      ok: false,
      kind: 'empty',
      reason: 'the file contains only whitespace',
    });
  });
});

describe('findInvalidUtf8', () => {
  it('finds truncated, overlong, surrogate and out-of-range sequences', () => {
    expect(findInvalidUtf8(Buffer.from('ok ✓ 😀'))).toBe(-1);
    expect(findInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(findInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2); // truncated
    expect(findInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(findInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(findInvalidUtf8(Buffer.from([0x80]))).toBe(0); // stray continuation
  });

  it('counts lines up to an offset', () => {
    const bytes = Buffer.from('a\nb\nc');
    expect([countLines(bytes, 0), countLines(bytes, 2), countLines(bytes, 4)]).toEqual([1, 2, 3]);
  });
});
