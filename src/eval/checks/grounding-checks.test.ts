import { describe, expect, it } from 'vitest';
import { createScriptedJudge } from './__fixtures__/scripted-judge.js';
import { checkGrounding } from './grounding-checks.js';

const context = [
  { marker: 1, text: 'Refunds can be requested within 30 days of the purchase date.' },
  { marker: 2, text: 'Refunds are paid to the original payment card within five business days.' },
];
const citations = [
  { marker: 1, chunkId: 'billing/refunds.md#0', valid: true },
  { marker: 2, chunkId: 'billing/refunds.md#1', valid: true },
];

describe('checkGrounding', () => {
  it('passes when every citation names a given passage that supports its sentence', async () => {
    const results = await checkGrounding({
      answer:
        'You can request a refund within 30 days of purchase [1]. Refunds are paid back to your original card [2].',
      citations,
      context,
    });
    expect(results).toEqual([
      {
        name: 'citation-targets',
        kind: 'grounding',
        verdict: 'pass',
        score: 1,
        reason: 'all 2 cited marker(s) name given passages',
      },
      {
        name: 'sentence-support',
        kind: 'grounding',
        verdict: 'pass',
        score: 1,
        reason: '2/2 cited sentence(s) supported (lexical overlap ≥ 0.5)',
      },
    ]);
  });

  it('fails markers that name no given passage, naming them', async () => {
    const [targets, support] = await checkGrounding({
      answer: 'Refunds within 30 days [1]. Also gift cards [4][7].',
      citations: [...citations, { marker: 4, chunkId: '?', valid: false }],
      context,
    });
    expect(targets).toMatchObject({ verdict: 'fail', score: 1 / 3 });
    expect(targets?.reason).toBe('2/3 cited marker(s) name no given passage: [4], [7] (given: [1], [2])');
    expect(support).toMatchObject({ verdict: 'fail', score: 0.5 });
    expect(support?.reason).toContain('sentence 2 "Also gift cards." cites no given passage');
  });

  it('fails a sentence whose cited passage does not back it, with the overlap', async () => {
    const [, support] = await checkGrounding({
      answer: 'Refunds are requested within 30 days [1]. Shipping is free on every order [2].',
      citations,
      context,
    });
    expect(support?.verdict).toBe('fail');
    expect(support?.reason).toMatch(
      /^1\/2 cited sentence\(s\) supported .*sentence 2 "Shipping is free on every order\." \(overlap 0\.00\)/,
    );
  });

  it('can accept a share of supported sentences below all', async () => {
    const [, support] = await checkGrounding({
      answer: 'Refunds are requested within 30 days [1]. Shipping is free on every order [2].',
      citations,
      context,
      minSupportedShare: 0.5,
    });
    expect(support?.verdict).toBe('pass');
  });

  it('is skipped when nothing is cited, unless citations are required', async () => {
    const skipped = await checkGrounding({ answer: 'Thirty days.', citations: [], context });
    expect(skipped.map((result) => result.verdict)).toEqual(['skipped', 'skipped']);
    const required = await checkGrounding({
      answer: 'Thirty days.',
      citations: [],
      context,
      cite: 'required',
    });
    expect(required[0]).toMatchObject({
      verdict: 'fail',
      reason: 'the answer cites nothing, though the case requires citations',
    });
  });

  it('flags citations in an answer given no passages at all', async () => {
    const [targets] = await checkGrounding({ answer: 'Thirty days [1].', citations: [], context: [] });
    expect(targets?.reason).toBe('1/1 cited marker(s) name no given passage: [1] (no passages were given)');
  });

  it('asks the judge about every cited sentence in one call, each passage written once', async () => {
    const judge = createScriptedJudge(
      () =>
        'Here: {"items": [{"item": 1, "verdict": "supported", "reason": "stated"}, ' +
        '{"item": 2, "verdict": "unsupported", "reason": "the passage names no fee"}]}',
    );
    const [, support] = await checkGrounding({
      answer: 'Refunds within 30 days [1]. Refunds carry a fee [1][2]. Thanks [2].',
      citations,
      context,
      judge,
      question: 'Refunds?',
    });
    expect(judge.requests).toHaveLength(1);
    const prompt = judge.requests[0]?.messages[1]?.content ?? '';
    expect(prompt.match(/within 30 days of the purchase date/g)).toHaveLength(1);
    expect(prompt).toContain('2. Refunds carry a fee. (cites [1], [2])');
    expect(support).toMatchObject({ verdict: 'fail', score: 1 / 3 });
    expect(support?.reason).toContain('sentence 2 "Refunds carry a fee." (judge: the passage names no fee)');
    // The judge skipped sentence 3: lexical overlap stands in ("Thanks" is in no passage), and the note says so.
    expect(support?.reason).toContain(
      'sentence 3 judged lexically because judge test:judge gave no usable verdict for item 3',
    );
  });
});
