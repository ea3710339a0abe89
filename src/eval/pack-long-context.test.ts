import { describe, expect, it } from 'vitest';
import { makeChunk } from '../../test/helpers/make-chunk.js';
import { estimateTokens } from '../core/text/count-tokens.js';
import type { Chunk, Reader } from '../core/types.js';
import { generateAnswer } from '../generate/index.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import { assembleLongContext, longContextBudget, packLongContext } from './pack-long-context.js';

function documentsOf(...chunks: Chunk[]): Map<string, Chunk[]> {
  const documents = new Map<string, Chunk[]>();
  for (const chunk of chunks)
    documents.set(chunk.documentId, [...(documents.get(chunk.documentId) ?? []), chunk]);
  return documents;
}

/** Counts words: a chunk then costs its words + 1 (its title, the document id) + 12 of framing. */
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** Text whose passage costs `tokens` under countWords. */
const sized = (tokens: number) => Array.from({ length: tokens - 13 }, () => 'w').join(' ');

const documents = documentsOf(
  makeChunk('a.md', 1, sized(300)),
  makeChunk('a.md', 0, sized(300)),
  makeChunk('b.md', 0, sized(200)),
  makeChunk('c.md', 0, sized(500)),
  makeChunk('secret.md', 0, sized(100), { groups: ['support'] }),
);
const publicReader: Reader = { kind: 'groups', groups: [] };

describe('packLongContext', () => {
  it('puts every document the reader may read, whole and in order, when they all fit', () => {
    const packed = packLongContext({
      documents,
      reader: publicReader,
      rankedDocumentIds: ['c.md'],
      budgetTokens: 5000,
      countTokens: countWords,
    });
    expect(packed.hits.map((hit) => hit.chunk.id)).toEqual(['a.md#0', 'a.md#1', 'b.md#0', 'c.md#0']);
    expect(packed).toMatchObject({ documents: 3, readable: 3, readableTokens: 1300, tokens: 1300 });
  });

  it('keeps restricted documents for their groups', () => {
    const packed = packLongContext({
      documents,
      reader: { kind: 'groups', groups: ['support'] },
      rankedDocumentIds: [],
      budgetTokens: 5000,
      countTokens: countWords,
    });
    expect(packed.hits.map((hit) => hit.chunk.documentId)).toContain('secret.md');
  });

  it('takes whole documents in retrieval order until the budget is spent when the corpus does not fit', () => {
    const packed = packLongContext({
      documents,
      reader: publicReader,
      rankedDocumentIds: ['c.md', 'a.md', 'b.md'],
      budgetTokens: 800,
      countTokens: countWords,
    });
    // c (500) fits, a (600) would overflow and is not cut in half, b (200) still fits.
    expect(packed.hits.map((hit) => hit.chunk.id)).toEqual(['c.md#0', 'b.md#0']);
    expect(packed).toMatchObject({ documents: 2, readable: 3, readableTokens: 1300, tokens: 700 });
  });
});

describe('assembleLongContext', () => {
  const model = { ...createExtractiveLanguageModel(), contextWindow: 3000, countTokens: countWords };

  it('budgets the window less the answer reserve and asks retrieval to rank only when the documents do not fit', async () => {
    let rankings = 0;
    const rankDocuments = async () => {
      rankings += 1;
      return ['c.md', 'b.md'];
    };
    const question = 'refund?';
    expect(longContextBudget(model, question)).toBe(longContextBudget(model, question, 512));
    const roomy = await assembleLongContext({
      documents,
      reader: publicReader,
      question,
      model,
      rankDocuments,
    });
    expect(roomy).toMatchObject({
      documents: 3,
      ranked: false,
      budgetTokens: longContextBudget(model, question),
    });
    expect(rankings).toBe(0);
    // A longer answer leaves 3000 - 2000 - 400 - 1 (the question) = 599: c (500), then b (200) would overflow.
    const tight = await assembleLongContext({
      documents,
      reader: publicReader,
      question,
      model,
      answerTokens: 2000,
      rankDocuments,
    });
    expect(rankings).toBe(1);
    expect(tight).toMatchObject({ ranked: true, documents: 1, tokens: 500, readable: 3 });
    expect(tight.hits.map((hit) => hit.chunk.id)).toEqual(['c.md#0']);
  });
});

describe('packLongContext and generateAnswer agree', () => {
  it('places only what generateAnswer keeps: headers and framing count (no document cut in the middle)', async () => {
    const model = createExtractiveLanguageModel();
    const headed = documentsOf(
      ...Array.from({ length: 40 }, (_, index) =>
        makeChunk(
          `doc-${index % 8}.md`,
          Math.floor(index / 8),
          `Passage ${index} says refunds take 30 days.`,
          {
            title: `Document ${index % 8} with a long title`,
            headingPath: ['Billing', 'Refunds and credits'],
          },
        ),
      ),
    );
    const question = 'How long do refunds take?';
    const packed = packLongContext({
      documents: headed,
      reader: publicReader,
      rankedDocumentIds: [],
      budgetTokens: 300,
    });
    expect(packed).toMatchObject({ ranked: true, readable: 8 });
    expect(packed.documents).toBeGreaterThan(0);
    const answer = await generateAnswer({
      model: { ...model, contextWindow: 300 + 512 + 400 + estimateTokens(question) },
      question,
      hits: packed.hits,
    });
    expect(answer.passages).toHaveLength(packed.hits.length);
  });
});
