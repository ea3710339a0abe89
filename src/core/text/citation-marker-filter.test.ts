import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCitationMarkerFilter,
  MAX_HELD_LENGTH,
  removeInvalidMarkers,
} from './citation-marker-filter.js';
import { parseCitationMarkers } from './citation-markers.js';

const valid = new Set([1, 2, 3]);

function streamed(parts: string[], markers: ReadonlySet<number> = valid): string {
  const filter = createCitationMarkerFilter(markers);
  return parts.map((part) => filter.push(part)).join('') + filter.end();
}

describe('removeInvalidMarkers', () => {
  it('keeps valid markers as written, trims invalid numbers, drops markers with none', () => {
    expect(removeInvalidMarkers('X [1][9]. Y [2, 9].', valid)).toBe('X [1]. Y [2].');
    expect(removeInvalidMarkers('Thirty days [1][3]. Pro [1, 2]. Also [7].', valid)).toBe(
      'Thirty days [1][3]. Pro [1, 2]. Also.',
    );
    expect(removeInvalidMarkers('Range [2-5] and [8] end', valid)).toBe('Range [2][3] and end');
  });

  it('never lets a removed marker join the brackets around it into an invalid one', () => {
    // fast-check counterexample [["[","7","[9]","]"],[]] (seed 46196409): removing "[9]" from
    // "[7[9]]" used to leave "[7]", a marker for a passage that does not exist.
    expect(removeInvalidMarkers('[7[9]]', valid)).toBe('');
    expect(removeInvalidMarkers('[1[9]]', valid)).toBe('[1]');
    expect(removeInvalidMarkers('[1, [9]7]', valid)).toBe('[1]');
    expect(removeInvalidMarkers('See [7 [9]].', valid)).toBe('See.');
    expect(removeInvalidMarkers('[[7[9]]]', valid)).toBe('[]');
    expect(removeInvalidMarkers('[[[9]]7]', valid)).toBe('[[]7]');
    expect(removeInvalidMarkers('[7[1]]', valid)).toBe('[7[1]]');
    expect(removeInvalidMarkers('[7[9]](u)', valid)).toBe('[7](u)');
  });

  it('leaves links, prose in brackets and unfinished brackets alone', () => {
    const text = 'See [9](https://x.example), [note: 9] and [1990s], then [9';
    expect(removeInvalidMarkers(text, valid)).toBe(text);
  });
});

describe('createCitationMarkerFilter', () => {
  it('never shows an invalid marker while streaming, and holds back only a possible marker', () => {
    const filter = createCitationMarkerFilter(valid);
    expect(filter.push('Refunds take 30 days ')).toBe('Refunds take 30 days');
    expect(filter.push('[')).toBe('');
    expect(filter.push('7')).toBe('');
    expect(filter.push('].')).toBe('.');
    expect(filter.push(' Pro is $14 [2')).toBe(' Pro is $14');
    expect(filter.push('] ok')).toBe(' [2] ok');
    expect(filter.end()).toBe('');
  });

  it('holds brackets opened inside an unclosed one, but no more than MAX_HELD_LENGTH characters', () => {
    const filter = createCitationMarkerFilter(valid);
    expect(filter.push('See [7')).toBe('See');
    expect(filter.push('[9]')).toBe('');
    expect(filter.push(']')).toBe('');
    expect(filter.push(' ok')).toBe(' ok');
    const nest = createCitationMarkerFilter(valid);
    const shown = nest.push('['.repeat(MAX_HELD_LENGTH + 10));
    expect(shown.length).toBeGreaterThanOrEqual(10);
    expect(shown + nest.end()).toBe('['.repeat(MAX_HELD_LENGTH + 10));
  });

  it('streams to exactly the whole-answer result, however the text is split', () => {
    const piece = fc.constantFrom(
      'word',
      ' ',
      '.',
      '[',
      ']',
      '(',
      '1',
      '7',
      ',',
      '-',
      '\n',
      '[1]',
      '[9]',
      '[2, 8]',
      '[1](u)',
      ' [4].',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (pieces, cuts) => {
          const text = pieces.join('');
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const parts = [0, ...points, text.length]
            .slice(1)
            .map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end));
          const whole = removeInvalidMarkers(text, valid);
          expect(streamed(parts)).toBe(whole);
          // Whatever survives cites only passages that exist.
          expect(parseCitationMarkers(whole).every((marker) => valid.has(marker))).toBe(true);
        },
      ),
      { examples: [[['[', '7', '[9]', ']'], []]] },
    );
  });
});
