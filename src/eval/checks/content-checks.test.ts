import { describe, expect, it } from 'vitest';
import {
  checkAgainstReference,
  checkFacts,
  defaultF1Threshold,
  exactMatch,
  tokenF1,
} from './content-checks.js';

describe('checkFacts', () => {
  it('passes when every fact is present, ignoring case, punctuation and citation markers', () => {
    expect(checkFacts('Customers have 30 Days. [1]', ['30 days'])).toEqual({
      name: 'facts',
      kind: 'content',
      verdict: 'pass',
      score: 1,
      reason: '1/1 facts present',
    });
  });

  it('fails naming the missing facts and the count', () => {
    const result = checkFacts('Refunds go to the card within 30 days.', [
      '30 days',
      'original card',
      '$14 fee',
    ]);
    expect(result).toMatchObject({ verdict: 'fail', score: 1 / 3 });
    expect(result.reason).toBe('1/3 facts present; missing: "original card", "$14 fee"');
  });

  it('does not let a citation marker stand in for a number', () => {
    expect(checkFacts('See the policy [1].', ['1']).verdict).toBe('fail');
  });

  it('is skipped when the case lists no facts', () => {
    expect(checkFacts('anything', [])).toMatchObject({
      verdict: 'skipped',
      reason: 'the case lists no facts',
    });
  });
});

describe('tokenF1 and exactMatch', () => {
  it('computes SQuAD F1 with multiset overlap', () => {
    expect(tokenF1('the cat sat', 'a cat sat down')).toBeCloseTo((2 * 1 * (2 / 3)) / (1 + 2 / 3));
    expect(tokenF1('cat cat cat', 'cat')).toBeCloseTo(0.5); // precision 1/3, recall 1
    expect(tokenF1('dog', 'cat')).toBe(0);
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('the', 'cat')).toBe(0);
  });

  it('matches exactly after normalisation only', () => {
    expect(exactMatch('The 30 days!', '30 Days')).toBe(true);
    expect(exactMatch('30 days from purchase', '30 days')).toBe(false);
  });
});

describe('checkAgainstReference', () => {
  const reference = '30 days from the purchase date.';

  it('decides on token F1 when the case has no facts, stating the numbers', () => {
    const [f1, exact] = checkAgainstReference({
      answer: 'Customers have 30 days from the purchase date to ask for a refund [1].',
      reference,
      factsDecide: false,
    });
    expect(f1).toMatchObject({ name: 'token-f1', verdict: 'pass' });
    expect(f1?.score).toBeCloseTo(0.625);
    expect(f1?.reason).toBe(`token F1 0.63 against the reference (threshold ${defaultF1Threshold})`);
    expect(exact).toMatchObject({ name: 'exact-match', verdict: 'skipped', score: 0 });
  });

  it('fails a long rambling answer and honours a custom threshold', () => {
    const rambling =
      'Well, it depends on many things, including the region, the product line, the payment method and ' +
      'the time of year, but typically 30 days from the purchase date.';
    expect(checkAgainstReference({ answer: rambling, reference, factsDecide: false })[0]?.verdict).toBe(
      'fail',
    );
    expect(
      checkAgainstReference({ answer: rambling, reference, factsDecide: false, f1Threshold: 0.1 })[0]
        ?.verdict,
    ).toBe('pass');
  });

  it('is informational when facts decide, and skipped without a reference', () => {
    const [f1] = checkAgainstReference({ answer: 'nothing alike', reference, factsDecide: true });
    expect(f1).toMatchObject({ verdict: 'skipped', score: 0 });
    expect(f1?.reason).toContain("informational: the case's facts decide");
    expect(checkAgainstReference({ answer: 'x', reference: undefined, factsDecide: false })).toEqual([
      { name: 'token-f1', kind: 'content', verdict: 'skipped', reason: 'the case has no reference answer' },
      {
        name: 'exact-match',
        kind: 'content',
        verdict: 'skipped',
        reason: 'the case has no reference answer',
      },
    ]);
  });
});
