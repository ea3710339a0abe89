import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../core/text/count-tokens.js';
import { findOverlap, type PreviousChunk } from './find-overlap.js';
import type { BlockKind } from './parse-blocks.js';

function previousOf(text: string, kind: BlockKind, floor = 0): PreviousChunk {
  const segment = { start: 0, end: text.length, tokens: estimateTokens(text), kind, level: 'block' as const };
  return { start: 0, end: text.length, floor, segments: [segment] };
}

function overlapText(text: string, previous: PreviousChunk, budget: number): string | null {
  const overlap = findOverlap(text, previous, { budget, countTokens: estimateTokens });
  if (overlap === null) return null;
  expect(overlap.tokens).toBe(estimateTokens(text.slice(overlap.start, previous.end)));
  return text.slice(overlap.start, previous.end);
}

describe('findOverlap', () => {
  it('takes the whole trailing sentences that fit the budget', () => {
    const text = 'First sentence is long enough here. Second one. Third one.';
    expect(overlapText(text, previousOf(text, 'paragraph'), 7)).toBe('Second one. Third one.');
    expect(overlapText(text, previousOf(text, 'paragraph'), 4)).toBe('Third one.');
  });

  it('falls back to a word boundary inside a sentence longer than the budget', () => {
    const text = 'One very long sentence with many words that goes on and on';
    expect(overlapText(text, previousOf(text, 'paragraph'), 3)).toBe('on and on');
  });

  it('does not treat the word after an abbreviation as a sentence start', () => {
    const text = 'We met Dr. Smith today';
    expect(overlapText(text, previousOf(text, 'paragraph'), 4)).toBe('Dr. Smith today');
  });

  it('starts at a line inside code and tables, or not at all', () => {
    const code = '```\nalpha();\nbeta(gamma, delta);\n```';
    expect(overlapText(code, previousOf(code, 'code'), 12)).toBe('beta(gamma, delta);\n```');
    expect(overlapText(code, previousOf(code, 'code'), 5)).toBe('```');
    const table = '| a | b |\n| 1 | long cell text |';
    expect(overlapText(table, previousOf(table, 'table'), 3)).toBeNull();
  });

  it('stays after the floor and never repeats the whole previous chunk', () => {
    const text = '# Heading\n\nShort body.';
    expect(overlapText(text, previousOf(text, 'paragraph', 9), 50)).toBe('Short body.');
    const single = 'Everything fits.';
    expect(overlapText(single, previousOf(single, 'paragraph'), 50)).toBe('fits.');
  });

  it('gives nothing for a budget of zero', () => {
    expect(
      findOverlap('Some text.', previousOf('Some text.', 'paragraph'), {
        budget: 0,
        countTokens: estimateTokens,
      }),
    ).toBeNull();
  });
});
