import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { chunkDocument } from './chunk-document.js';

const word = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('the', 'index', 'Retrieval', 'is', 'fast', 'chunk', 'tokens', 'a', 'of'),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('e.g.', 'i.e.', 'Dr.', 'U.S.', 'etc.', 'v1.2.3', '3.5', '1,000', 'vs.'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('naïve', 'Straße', '東京', '😀', 'x\u0301', 'don’t', '`code`', '**bold**'),
  },
  { weight: 1, arbitrary: fc.constantFrom('|', '#', '-', '```', '~~~', '=', '*', '1.', '>') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'Z', '9', '/', '😀'), fc.integer({ min: 20, max: 300 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
);
const sentence = fc
  .tuple(
    fc.array(word, { minLength: 1, maxLength: 14 }),
    fc.constantFrom('.', '!', '?', '', '...', '."', '。'),
  )
  .map(([words, end]) => words.join(' ') + end);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((sentences) => sentences.join(' '));
const heading = fc
  .tuple(fc.integer({ min: 1, max: 7 }), fc.array(word, { minLength: 0, maxLength: 5 }), fc.boolean())
  .map(([level, words, closed]) => `${'#'.repeat(level)} ${words.join(' ')}${closed ? ' ##' : ''}`);
const setextHeading = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom('===', '---', '=='))
  .map(([words, underline]) => `${words.join(' ')}\n${underline}`);
const list = fc
  .array(fc.tuple(fc.constantFrom('- ', '* ', '1. ', '  - ', '10) '), paragraph), {
    minLength: 1,
    maxLength: 6,
  })
  .map((items) => items.map(([marker, text]) => marker + text).join('\n'));
const code = fc
  .tuple(
    fc.constantFrom('```', '~~~', '````'),
    fc.constantFrom('', 'ts', 'python'),
    fc.array(fc.oneof(paragraph, fc.constant(''), fc.constant('    indented();')), { maxLength: 10 }),
    fc.boolean(),
  )
  .map(([fence, info, lines, closed]) => `${fence}${info}\n${lines.join('\n')}${closed ? `\n${fence}` : ''}`);
const table = fc
  .tuple(
    fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
    fc.boolean(),
  )
  .map(([rows, leadingPipe]) => {
    const render = (cells: string[]) => (leadingPipe ? `| ${cells.join(' | ')} |` : cells.join(' | '));
    return [render(['name', 'value']), render(['---', '---']), ...rows.map(render)].join('\n');
  });
const block = fc.oneof(
  { weight: 6, arbitrary: paragraph },
  { weight: 3, arbitrary: heading },
  { weight: 1, arbitrary: setextHeading },
  { weight: 2, arbitrary: list },
  { weight: 2, arbitrary: code },
  { weight: 2, arbitrary: table },
);
const separator = fc.constantFrom('\n\n', '\n', '\n\n\n', '\r\n\r\n', ' \n\t\n', '\n\u00a0\n');
const markdownDocument = fc
  .tuple(fc.array(fc.tuple(block, separator), { maxLength: 14 }), fc.constantFrom('', '  ', '\n', '\n\n'))
  .map(([parts, edge]) => edge + parts.map(([text, after]) => text + after).join('') + edge);
/** Any mix of the characters that steer the parser, to find inputs no generator above thought of. */
const noise = fc.string({
  unit: fc.constantFrom(
    '#',
    '`',
    '~',
    '|',
    '-',
    '=',
    '*',
    '1',
    '.',
    ' ',
    '\n',
    '\t',
    'a',
    'B',
    '😀',
    '\u00a0',
    '!',
    ')',
  ),
  maxLength: 400,
});

/** Not additive: white space between words costs tokens too, so sums of parts undercount. */
const characterCounter: TokenCounter = (text) => Math.ceil(text.length / 4);
/** Additive but not the default estimate, so chunks are always recounted. */
const wordCounter: TokenCounter = (text) => text.split(/\s+/).filter(Boolean).length;

function documentOf(text: string): SourceDocument {
  return {
    id: 'docs/guide.md',
    text,
    title: 'Guide',
    source: 'docs/guide.md',
    format: 'markdown',
    modifiedAt: '2026-01-01T00:00:00Z',
    groups: ['public'],
    metadata: { team: 'support' },
    hash: 'document-hash',
  };
}

function checkInvariants(
  text: string,
  chunks: Chunk[],
  options: { maxTokens: number; overlapTokens: number; countTokens: TokenCounter },
): void {
  const covered = new Uint8Array(text.length);
  chunks.forEach((chunk, index) => {
    expect(chunk.text).toBe(text.slice(chunk.start, chunk.end));
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.text.trim()).toBe(chunk.text);
    expect(chunk.tokens).toBe(options.countTokens(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(options.maxTokens);
    expect(chunk.index).toBe(index);
    expect(chunk.id).toBe(`docs/guide.md#${index}`);
    covered.fill(1, chunk.start, chunk.end);
    const previous = chunks[index - 1];
    if (previous === undefined) return;
    expect(chunk.start).toBeGreaterThan(previous.start);
    expect(chunk.end).toBeGreaterThan(previous.end);
    if (chunk.start < previous.end) {
      // An overlap starts on a word boundary and stays inside one section.
      expect(/\s/.test(text[chunk.start - 1] ?? '')).toBe(true);
      expect(chunk.headingPath).toEqual(previous.headingPath);
    }
  });
  for (let index = 0; index < text.length; index++) {
    if (covered[index] === 0 && !/\s/.test(text[index]!)) {
      throw new Error(`character ${JSON.stringify(text[index])} at ${index} is in no chunk`);
    }
  }
}

const limits = fc.record({
  maxTokens: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 120 })),
  overlapTokens: fc.integer({ min: 0, max: 150 }),
});

describe('chunkDocument invariants', () => {
  it('holds for markdown-like documents with the default estimate', () => {
    fc.assert(
      fc.property(fc.oneof(markdownDocument, noise), limits, (text, { maxTokens, overlapTokens }) => {
        const options = { maxTokens, overlapTokens };
        const chunks = chunkDocument(documentOf(text), options);
        checkInvariants(text, chunks, { ...options, countTokens: estimateTokens });
        expect(chunkDocument(documentOf(text), options)).toEqual(chunks);
        const overlapBudget = overlapTokens >= maxTokens ? Math.floor(maxTokens / 2) : overlapTokens;
        for (let index = 1; index < chunks.length; index++) {
          const overlapEnd = chunks[index - 1]!.end;
          const overlap = text.slice(chunks[index]!.start, Math.max(chunks[index]!.start, overlapEnd));
          expect(estimateTokens(overlap)).toBeLessThanOrEqual(overlapBudget);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds for counters that are not the default estimate', () => {
    fc.assert(
      fc.property(
        fc.oneof(markdownDocument, noise),
        limits,
        fc.constantFrom(characterCounter, wordCounter),
        (text, { maxTokens, overlapTokens }, countTokens) => {
          const options = { maxTokens, overlapTokens, countTokens };
          checkInvariants(text, chunkDocument(documentOf(text), options), options);
        },
      ),
      { numRuns: 200 },
    );
  });
});
