import { describe, expect, it } from 'vitest';
import { containsFact, normalizeForFacts, normalizeForTokens, tokenize } from './normalize-answer.js';

describe('fact normalisation', () => {
  it('folds case, width and punctuation but keeps whole words', () => {
    expect(containsFact('You have 30 Days.', '30 days')).toBe(true);
    expect(containsFact('Within ３０ days', '30 days')).toBe(true); // full-width digits (NFKC)
    expect(containsFact('You have 130 days.', '30 days')).toBe(false);
    expect(containsFact('thirty days', '30 days')).toBe(false);
    expect(containsFact('the customer’s card', "customer's card")).toBe(true);
    expect(containsFact('a 30-day window', '30 day window')).toBe(true);
  });

  it('keeps numbers, decimals, signs, currency and percent meaningful', () => {
    expect(containsFact('It costs 1,000 USD.', '1000 USD')).toBe(true);
    expect(containsFact('1,000,000 rows', '1000000')).toBe(true);
    expect(containsFact('Version 2.5 ships today.', '2.5')).toBe(true);
    expect(containsFact('Version 2.5 ships today.', '25')).toBe(false);
    expect(containsFact('The fee is $14.', '$14')).toBe(true);
    expect(containsFact('The fee is $ 14', '$14')).toBe(true);
    expect(containsFact('The fee is 14 USD', '$14')).toBe(false);
    expect(containsFact('Growth was 14%.', '14 %')).toBe(true);
    expect(containsFact('It fell to -5 degrees', '-5 degrees')).toBe(true);
    expect(normalizeForFacts('Hello, World! (v1.2)')).toBe('hello world v1.2');
  });

  it('treats a fact with no words as trivially present', () => {
    expect(containsFact('anything', '—')).toBe(true);
  });
});

describe('token normalisation (SQuAD)', () => {
  it('lowercases, deletes punctuation and drops articles', () => {
    expect(normalizeForTokens('The Refund, an Answer: a test!')).toBe('refund answer test');
    expect(tokenize('  ')).toEqual([]);
    expect(tokenize('30-day window')).toEqual(['30day', 'window']);
  });
});
