import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../core/text/count-tokens.js';
import type { BlockKind } from './parse-blocks.js';
import { type Segment, splitSegment } from './split-segment.js';

function blockOf(text: string, kind: BlockKind): Segment {
  return { start: 0, end: text.length, tokens: estimateTokens(text), kind, level: 'block' };
}

function partsOf(text: string, segment: Segment, maxTokens = 10): string[] {
  return splitSegment(text, segment, { countTokens: estimateTokens, maxTokens }).map((part) =>
    text.slice(part.start, part.end),
  );
}

describe('splitSegment', () => {
  it('cuts code and tables at lines, skipping blank ones', () => {
    const code = '```\nconst a = 1;\n\n  const b = 2;\n```';
    expect(partsOf(code, blockOf(code, 'code'))).toEqual(['```', 'const a = 1;', 'const b = 2;', '```']);
    const table = '| a | b |\n|---|---|\n| 1 | 2 |';
    expect(partsOf(table, blockOf(table, 'table'))).toEqual(['| a | b |', '|---|---|', '| 1 | 2 |']);
  });

  it('cuts lists at items, keeping continuation lines with their item', () => {
    const list = '- one\n  still one\n- two\n1. three';
    expect(partsOf(list, blockOf(list, 'list'))).toEqual(['- one\n  still one', '- two', '1. three']);
  });

  it('cuts prose at sentences, and a single sentence at words', () => {
    const prose = 'First one here. Second one, e.g. this.';
    expect(partsOf(prose, blockOf(prose, 'paragraph'))).toEqual([
      'First one here.',
      'Second one, e.g. this.',
    ]);
    const sentence = 'Only one sentence here';
    expect(partsOf(sentence, blockOf(sentence, 'paragraph'))).toEqual(['Only', 'one', 'sentence', 'here']);
  });

  it('labels parts with their level and counts their tokens', () => {
    const prose = 'First one here. Second one.';
    const parts = splitSegment(prose, blockOf(prose, 'paragraph'), {
      countTokens: estimateTokens,
      maxTokens: 4,
    });
    expect(parts).toEqual([
      { start: 0, end: 15, tokens: 4, kind: 'paragraph', level: 'sentence' },
      { start: 16, end: 27, tokens: 3, kind: 'paragraph', level: 'sentence' },
    ]);
  });

  it('cuts one over-long token into pieces that fit, never inside a surrogate pair', () => {
    const token = '😀'.repeat(25);
    const segment: Segment = { ...blockOf(token, 'paragraph'), level: 'word' };
    const pieces = splitSegment(token, segment, { countTokens: estimateTokens, maxTokens: 7 });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((piece) => token.slice(piece.start, piece.end)).join('')).toBe(token);
    for (const piece of pieces) {
      expect(piece.tokens).toBeLessThanOrEqual(7);
      expect(token.slice(piece.start, piece.end)).toMatch(/^(?:😀)+$/u);
    }
  });

  it('returns a single character as it is: nothing smaller exists', () => {
    const segment: Segment = { start: 0, end: 1, tokens: 1, kind: 'paragraph', level: 'word' };
    expect(splitSegment('x', segment, { countTokens: () => 5, maxTokens: 1 })).toEqual([segment]);
  });

  it('stops above words when asked for coarse parts only', () => {
    const sentence = 'Only one sentence here';
    const segment = blockOf(sentence, 'paragraph');
    expect(
      splitSegment(sentence, segment, { countTokens: estimateTokens, maxTokens: 2, coarseOnly: true }),
    ).toEqual([segment]);
  });
});
