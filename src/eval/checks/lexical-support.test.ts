import { describe, expect, it } from 'vitest';
import { contentWords, stemWord } from '../../analyze/index.js';
import { lexicalSupport, splitSentences } from './lexical-support.js';

describe('lexical support', () => {
  it('stems inflections to the same form', () => {
    for (const [a, b] of [
      ['refunds', 'refunded'],
      ['refunding', 'refund'],
      ['issued', 'issue'],
      ['policies', 'policy'],
      ['processes', 'process'],
    ] as const) {
      expect(stemWord(a)).toBe(stemWord(b));
    }
  });

  it('keeps content words and numbers, drops stop words and markers', () => {
    expect([...contentWords('The refunds are issued within 1,000 days [1].')]).toEqual([
      'refund',
      'issu',
      '1000',
      'day',
    ]);
  });

  it('measures the share of the sentence found in the passages', () => {
    const passage = 'Refunds can be requested within 30 days of the purchase date.';
    expect(
      lexicalSupport('Customers can request a refund within 30 days of purchase [1].', [passage]),
    ).toBeCloseTo(5 / 6);
    expect(lexicalSupport('Shipping is free on orders over $50 [1].', [passage])).toBe(0);
    expect(lexicalSupport('[1]', [passage])).toBeNull();
  });

  it('splits sentences and keeps trailing markers with the sentence they follow', () => {
    expect(
      splitSentences('Refunds take 30 days. [1] They go to the card.[2] Done!\n- a list item [3]'),
    ).toEqual(['Refunds take 30 days. [1]', 'They go to the card.[2]', 'Done!', '- a list item [3]']);
  });
});
