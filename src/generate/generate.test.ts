import { describe, expect, it } from 'vitest';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import type { SearchHit } from '../core/types.js';
import { createExtractiveLanguageModel, NO_CONTEXT_ANSWER } from '../providers/extractive/index.js';
import { buildPrompt } from './build-prompt.js';
import { generateAnswer } from './generate-answer.js';
import { packContext } from './pack-context.js';
import { verifyCitations } from './verify-citations.js';

const hit = (id: string, text: string, rank: number): SearchHit => ({
  chunk: makeChunk(id, 0, text),
  score: 1 / rank,
  rank,
});

describe('packContext', () => {
  const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;
  it('takes whole chunks most-relevant-first up to the budget and numbers them', () => {
    const hits = [
      hit('a', 'one two three four five', 1),
      hit('b', 'six seven eight', 2),
      hit('c', 'nine', 3),
    ];
    // Each costs words(text) + words(title) + 12 framing.
    const packed = packContext({ hits, budgetTokens: 18 + 16, countTokens: countWords });
    expect(packed.passages.map((p) => [p.marker, p.chunk.documentId])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(packed.tokens).toBe(34);
    expect(packed.dropped.map((h) => h.chunk.documentId)).toEqual(['c']);
  });
  it('skips a passage that does not fit but keeps a later one that does (budget edge)', () => {
    const hits = [hit('a', 'x '.repeat(30), 1), hit('b', 'short', 2)];
    const packed = packContext({ hits, budgetTokens: 14, countTokens: countWords });
    expect(packed.passages.map((p) => p.chunk.documentId)).toEqual(['b']);
    expect(packed.passages[0]!.marker).toBe(1);
  });
  it('packs nothing into a zero budget', () => {
    expect(packContext({ hits: [hit('a', 'x', 1)], budgetTokens: 0 }).passages).toEqual([]);
  });
});

describe('verifyCitations', () => {
  const passages = [
    { marker: 1, chunk: makeChunk('billing/refunds.md', 0, 'Refunds within 30 days.') },
    { marker: 2, chunk: makeChunk('plans.md', 1, 'Pro costs $14.') },
  ];
  it('maps valid markers to chunks and flags invalid ones, never showing them', () => {
    const verified = verifyCitations('Thirty days [1][3]. Pro is $14 [2]. Also [7].', passages);
    expect(verified.citations.map((c) => [c.marker, c.chunkId])).toEqual([
      [1, 'billing/refunds.md#0'],
      [2, 'plans.md#1'],
    ]);
    expect(verified.invalidMarkers).toEqual([3, 7]);
    expect(verified.displayText).toBe('Thirty days [1]. Pro is $14 [2]. Also.');
  });
});

describe('buildPrompt', () => {
  it('renders system, few-shot turns and numbered passages', () => {
    const messages = buildPrompt({
      question: 'Q?',
      examples: [{ question: 'E?', answer: 'A.' }],
      passages: [
        { marker: 1, chunk: makeChunk('d', 0, 'text', { title: 'Doc', headingPath: ['Doc', 'Part'] }) },
      ],
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toContain('[1]');
    expect(messages[3]!.content).toContain('[1] Doc — Part\ntext');
    expect(messages[3]!.content).toContain('Question: Q?');
  });
});

describe('extractive model through generateAnswer', () => {
  const model = createExtractiveLanguageModel();
  it('quotes the best-supported sentences with valid citations and is labelled extractive', async () => {
    const hits = [
      hit('plans.md', 'The Team plan costs $14 per seat per month. It includes SSO.', 1),
      hit(
        'billing/refunds.md',
        'Customers can ask for a refund within 30 days of purchase. Refunds go to the original card.',
        2,
      ),
    ];
    const answer = await generateAnswer({
      model,
      question: 'How many days do I have to ask for a refund?',
      hits,
    });
    expect(answer.extractive).toBe(true);
    expect(answer.text).toContain('within 30 days of purchase');
    expect(answer.citations.map((c) => c.documentId)).toContain('billing/refunds.md');
    expect(answer.invalidMarkers).toEqual([]);
    expect(answer.usage.promptTokens).toBeGreaterThan(0);
  });
  it('says it cannot answer without passages', async () => {
    const answer = await generateAnswer({ model, question: 'What is SSO?' });
    expect(answer.text).toBe(NO_CONTEXT_ANSWER);
    expect(answer.citations).toEqual([]);
  });
  it('streams the same text it generates', async () => {
    const hits = [hit('a', 'Webhooks are retried five times with exponential back-off.', 1)];
    let streamed = '';
    const answer = await generateAnswer({
      model,
      question: 'How often are webhooks retried?',
      hits,
      onDelta: (t) => (streamed += t),
    });
    expect(streamed).toBe(answer.text);
    expect(answer.text).toContain('[1]');
  });
});

describe('extractive answers from hard-wrapped Markdown', () => {
  it('quotes a sentence that spans line breaks whole, not from its middle', async () => {
    const text =
      '## Retries\n\nCertain errors are retried 2 times by default. Connection errors, 409 Conflict,\n429 Rate Limit, and 500 errors will all be retried by default.\n\n- A list item that wraps\n  onto a second line about retries.';
    const answer = await generateAnswer({
      model: createExtractiveLanguageModel(),
      question: 'Which errors are retried by default?',
      hits: [hit('retries.md', text, 1)],
    });
    expect(answer.text).toContain(
      'Connection errors, 409 Conflict, 429 Rate Limit, and 500 errors will all be retried by default.',
    );
    expect(answer.text).not.toMatch(/(^|\] )429 Rate Limit/);
  });
});
