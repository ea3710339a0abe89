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
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((sentences) => sentences.join(' '));
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
  .tuple(fc.array(fc.tuple(block, separator), { maxLength: 10 }), fc.constantFrom('', '  ', '\n', '\n\n'))
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

/** Every broken invariant, described; plain checks because `expect` per chunk is slow in a property. */
function findViolations(
  text: string,
  chunks: Chunk[],
  options: { maxTokens: number; overlapTokens: number; countTokens: TokenCounter },
): string[] {
  const problems: string[] = [];
  const covered = new Uint8Array(text.length);
  chunks.forEach((chunk, index) => {
    const name = `chunk ${index} [${chunk.start}, ${chunk.end})`;
    if (chunk.text !== text.slice(chunk.start, chunk.end)) problems.push(`${name}: text is not the slice`);
    if (chunk.text.length === 0 || chunk.text.trim() !== chunk.text)
      problems.push(`${name}: empty or untrimmed`);
    if (chunk.tokens !== options.countTokens(chunk.text))
      problems.push(`${name}: tokens ${chunk.tokens} miscounted`);
    if (chunk.tokens > options.maxTokens)
      problems.push(`${name}: ${chunk.tokens} tokens > ${options.maxTokens}`);
    if (chunk.index !== index || chunk.id !== `docs/guide.md#${index}`)
      problems.push(`${name}: id ${chunk.id}`);
    covered.fill(1, chunk.start, chunk.end);
    const previous = chunks[index - 1];
    if (previous === undefined) return;
    if (chunk.start <= previous.start || chunk.end <= previous.end) problems.push(`${name}: out of order`);
    // An overlap starts on a word boundary and stays inside one section.
    if (chunk.start < previous.end && !/\s/.test(text[chunk.start - 1] ?? ''))
      problems.push(`${name}: mid-word`);
    if (chunk.start < previous.end && chunk.headingPath.join('/') !== previous.headingPath.join('/')) {
      problems.push(`${name}: overlaps across a heading`);
    }
  });
  for (let index = 0; index < text.length; index++) {
    if (covered[index] === 0 && !/\s/.test(text[index]!)) problems.push(`character ${index} is in no chunk`);
  }
  return problems;
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
        expect(findViolations(text, chunks, { ...options, countTokens: estimateTokens })).toEqual([]);
        // Compared as JSON: a deep `toEqual` over hundreds of chunks dominates the run time.
        expect(JSON.stringify(chunkDocument(documentOf(text), options))).toBe(JSON.stringify(chunks));
        const overlapBudget = overlapTokens >= maxTokens ? Math.floor(maxTokens / 2) : overlapTokens;
        const overlaps = chunks.slice(1).map((chunk, index) => {
          const previousEnd = chunks[index]!.end;
          return chunk.start < previousEnd ? estimateTokens(text.slice(chunk.start, previousEnd)) : 0;
        });
        expect(overlaps.filter((tokens) => tokens > overlapBudget)).toEqual([]);
      }),
      { numRuns: 400 },
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
          expect(findViolations(text, chunkDocument(documentOf(text), options), options)).toEqual([]);
        },
      ),
      { numRuns: 250 },
    );
  });
});
