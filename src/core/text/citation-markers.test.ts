import { describe, expect, it } from 'vitest';
import { parseCitationMarkers, removeInvalidMarkers, stripCitationMarkers } from './citation-markers.js';

describe('parseCitationMarkers', () => {
  it('reads single, adjacent, listed and ranged markers in order, once each', () => {
    expect(parseCitationMarkers('A [2]. B [1][3]. C [2, 4]. D [5-7]. E [1–2].')).toEqual([
      2, 1, 3, 4, 5, 6, 7,
    ]);
  });
  it('ignores non-numeric brackets and absurd ranges', () => {
    expect(parseCitationMarkers('see [note] and [a1] and [1-900]')).toEqual([]);
  });
});

describe('removeInvalidMarkers / stripCitationMarkers', () => {
  it('keeps only valid markers', () => {
    expect(removeInvalidMarkers('X [1][9]. Y [2, 9].', new Set([1, 2]))).toBe('X [1]. Y [2].');
  });
  it('strips markers for word counts', () => {
    expect(stripCitationMarkers('Thirty days [1].')).toBe('Thirty days.');
  });
});
