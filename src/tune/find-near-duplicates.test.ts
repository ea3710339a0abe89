import { describe, expect, it } from 'vitest';
import { estimateJaccard, exactJaccard, minHashSignature, normalizeQuestion } from '../core/text/minhash.js';
import { makeCase } from './__fixtures__/make-cases.js';
import { removeEvalLeaks, removeNearDuplicates } from './find-near-duplicates.js';
import type { TrainingExample } from './training-types.js';

const example = (index: number, question: string): TrainingExample => ({
  index,
  question,
  messages: [
    { role: 'user', content: question },
    { role: 'assistant', content: 'answer' },
  ],
  source: { kind: 'example', ref: `examples.yaml:${index}` },
  tags: [],
});

describe('minhash', () => {
  it('normalises case and punctuation', () => {
    expect(normalizeQuestion("What's the PRICE of Growth?")).toBe('whats the price of growth');
  });

  it('estimates Jaccard similarity close to the exact value', () => {
    const a = 'How long is the free trial and which plan features does it include for new workspaces';
    const b = 'How long is the free trial and which plan features does it include for new teams';
    const estimate = estimateJaccard(minHashSignature(a), minHashSignature(b));
    expect(Math.abs(estimate - exactJaccard(a, b))).toBeLessThan(0.12);
    expect(
      estimateJaccard(
        minHashSignature(a),
        minHashSignature('Completely unrelated words about webhooks and retries'),
      ),
    ).toBeLessThan(0.2);
  });
});

describe('removeNearDuplicates', () => {
  it('keeps the first of exact and near-duplicate questions and says which it duplicates', () => {
    const long =
      'How many times does Quillstack retry a failed webhook delivery and over what period of time';
    const result = removeNearDuplicates([
      example(0, long),
      example(1, 'Where can I download invoices?'),
      example(2, long.toUpperCase()),
      example(3, `${long} please`),
    ]);
    expect(result.kept.map((kept) => kept.index)).toEqual([0, 1]);
    expect(result.dropped.map((drop) => [drop.index, drop.reason])).toEqual([
      [2, 'near-duplicate'],
      [3, 'near-duplicate'],
    ]);
    expect(result.dropped[0]!.detail).toContain('same question as example 0');
    expect(result.dropped[1]!.detail).toMatch(/near-duplicate \(similarity 0\.\d+\) of example 0/);
  });
});

describe('removeEvalLeaks', () => {
  it('drops training questions that match an eval question exactly or reworded', () => {
    const evalCases = [
      makeCase({
        id: 'trial-length',
        question: 'How long is the free trial, and which plan features does it include?',
      }),
    ];
    const result = removeEvalLeaks(
      [
        example(0, 'how long is the free trial and which plan features does it include'),
        example(1, 'How long is the free trial, and which plan features does it include today?'),
        example(2, 'What is the refund window?'),
      ],
      evalCases,
    );
    expect(result.kept.map((kept) => kept.index)).toEqual([2]);
    expect(result.dropped.map((drop) => drop.reason)).toEqual(['leaks-eval', 'leaks-eval']);
    expect(result.dropped[0]!.detail).toContain('eval case "trial-length" (cases/test.yaml:1)');
  });
});
