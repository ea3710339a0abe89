import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from './count-tokens.js';

/** The definition the scanner implements, kept as the reference it is checked against. */
const piecePattern = /[\p{L}\p{M}]+|\p{N}{1,3}|[^\s\p{L}\p{M}\p{N}]/gu;
function referenceCount(text: string): number {
  let count = 0;
  for (const match of text.matchAll(piecePattern)) {
    const length = match[0].length;
    count += length <= 6 ? 1 : Math.ceil(length / 4);
  }
  return count;
}

describe('estimateTokens', () => {
  it('counts words, digit groups, punctuation and long words as pieces', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('Refunds take 30 days.')).toBe(6);
    expect(estimateTokens('1234567')).toBe(3);
    expect(estimateTokens('internationalisation')).toBe(5);
    expect(estimateTokens('naïve café 😀😀')).toBe(4);
  });

  it('agrees with the regex definition on any text', () => {
    const units = fc.constantFrom(
      'a',
      'Z',
      '1',
      '٣',
      '\u0301',
      ' ',
      '\u00a0',
      '.',
      '\n',
      'é',
      '😀',
      '\ud800',
      '\udc00',
      '東',
      '𝟘',
      '𐐷',
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: units, maxLength: 80 })),
        (text) => {
          expect(estimateTokens(text)).toBe(referenceCount(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
