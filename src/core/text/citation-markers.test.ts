import { describe, expect, it } from 'vitest';
import { parseCitationMarkers, showMarkers, stripCitationMarkers } from './citation-markers.js';

describe('parseCitationMarkers', () => {
  it('reads single, adjacent, listed and ranged markers, distinct and in order', () => {
    expect(parseCitationMarkers('A [2]. B [1][2]. C [3, 5]. D [6-8] and [10–9].')).toEqual([
      2, 1, 3, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('ignores Markdown links, footnotes, words in brackets and absurd ranges', () => {
    expect(parseCitationMarkers('See [1](https://x.y), [^2], [note] and [a1].')).toEqual([]);
    expect(parseCitationMarkers('Years [1990-2020]')).toEqual([1990, 2020]);
    expect(parseCitationMarkers('no citations')).toEqual([]);
  });

  it('strips markers and the space before punctuation they leave', () => {
    expect(stripCitationMarkers('Refunds take 30 days [1]. Cards [2, 3] too [4-5]!')).toBe(
      'Refunds take 30 days. Cards too!',
    );
    expect(showMarkers([1, 4])).toBe('[1], [4]');
  });
});

describe('stripCitationMarkers', () => {
  it('strips markers for word counts', () => {
    expect(stripCitationMarkers('Thirty days [1].')).toBe('Thirty days.');
  });
});
