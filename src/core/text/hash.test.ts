import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashParts, hashText } from './hash.js';

/** The digests an index already holds were made part by part: a changed value would re-ingest everything. */
function hashPartsByUpdate(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(String(part.length));
    hash.update(':');
    hash.update(part);
  }
  return hash.digest('hex');
}

describe('hashParts', () => {
  it('gives the digests indexes already hold, for any text', () => {
    const samples = [
      ['plain text', 'Title', 'g0,g1', '{}'],
      ['', '', ''],
      ['Ünïcödé 日本語 🙂', 'é', '\u0000'],
      ['lone \ud800 surrogate', '\udc00', 'x'],
    ];
    for (const parts of samples) expect(hashParts(...parts)).toBe(hashPartsByUpdate(...parts));
    expect(hashParts('ab', 'c')).not.toBe(hashParts('a', 'bc'));
    expect(hashParts('a', 'Title')).toBe('6c6ed4f8488a577c236ab75735fdfd1b167e5370fde9846783eec8229f9a5d08');
  });

  it('hashText is the sha256 of the text', () => {
    expect(hashText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
