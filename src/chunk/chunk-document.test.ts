import { describe, expect, it } from 'vitest';
import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import { hashText } from '../core/text/hash.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { chunkDocument } from './chunk-document.js';

function documentOf(text: string): SourceDocument {
  return {
    id: 'billing/refunds.md',
    text,
    title: 'Refunds',
    source: 'docs/billing/refunds.md',
    format: 'markdown',
    modifiedAt: '2026-01-01T00:00:00Z',
    groups: ['support'],
    metadata: { team: 'billing', version: 3 },
    hash: 'document-hash',
  };
}

function chunk(text: string, maxTokens: number, overlapTokens = 0, countTokens?: TokenCounter): Chunk[] {
  return chunkDocument(documentOf(text), {
    maxTokens,
    overlapTokens,
    ...(countTokens ? { countTokens } : {}),
  });
}

const texts = (chunks: Chunk[]) => chunks.map((piece) => piece.text);

/** A sentence of `words` words that the estimate counts as `words + 1` tokens. */
function sentence(label: string, words: number): string {
  return `${label} ${Array.from({ length: words - 1 }, (_, index) => `w${String.fromCharCode(97 + (index % 26))}`).join(' ')}.`;
}

describe('chunkDocument', () => {
  it('returns no chunks for an empty or blank document', () => {
    expect(chunk('', 100)).toEqual([]);
    expect(chunk(' \n\n\t \u00a0\n', 100)).toEqual([]);
  });

  it('fills every field from the document and the chunk text', () => {
    const document = documentOf('# Refunds\n\nAsk within 30 days.');
    const [only, ...rest] = chunkDocument(document, { maxTokens: 100, overlapTokens: 10 });
    expect(rest).toEqual([]);
    expect(only).toEqual({
      id: 'billing/refunds.md#0',
      documentId: 'billing/refunds.md',
      documentHash: 'document-hash',
      index: 0,
      text: '# Refunds\n\nAsk within 30 days.',
      title: 'Refunds',
      headingPath: ['Refunds'],
      start: 0,
      end: 30,
      source: 'docs/billing/refunds.md',
      groups: ['support'],
      tokens: estimateTokens('# Refunds\n\nAsk within 30 days.'),
      hash: hashText('# Refunds\n\nAsk within 30 days.'),
      metadata: { team: 'billing', version: 3 },
    });
    expect(only!.groups).not.toBe(document.groups);
  });

  it('records headings as readers see them: no badges, links or emphasis, and no empty steps', () => {
    const text = [
      '# knowhow <a href="https://ci.example"><img src="badge.svg"></a>',
      'Intro.',
      '## ![logo](logo.png) ',
      'Logo section.',
      '## The **[Free plan](plans/free.md)**',
      'Free plan text.',
    ].join('\n\n');
    expect(chunk(text, 200).map((piece) => piece.headingPath)).toEqual([
      ['knowhow'],
      ['knowhow', 'logo'],
      ['knowhow', 'The Free plan'],
    ]);
    const badgeOnly = chunk('# <img src="banner.png">\n\nText under a banner.', 200);
    expect(badgeOnly.map((piece) => piece.headingPath)).toEqual([[]]);
  });

  it('starts a chunk at every heading and records the heading path', () => {
    const text = [
      'Preamble text.',
      '# Billing',
      'About billing.',
      '## Refunds',
      'Refund rules.',
      '### Exceptions',
      'Rare cases.',
      '## Invoices',
      'Invoice rules.',
    ].join('\n\n');
    const chunks = chunk(text, 200);
    expect(chunks.map((piece) => [piece.text, piece.headingPath])).toEqual([
      ['Preamble text.', []],
      ['# Billing\n\nAbout billing.', ['Billing']],
      ['## Refunds\n\nRefund rules.', ['Billing', 'Refunds']],
      ['### Exceptions\n\nRare cases.', ['Billing', 'Refunds', 'Exceptions']],
      ['## Invoices\n\nInvoice rules.', ['Billing', 'Invoices']],
    ]);
    for (const piece of chunks) expect(piece.text).toBe(text.slice(piece.start, piece.end));
  });

  it('glues a heading to what follows it, even another heading', () => {
    const chunks = chunk('# Guide\n## Setup\nInstall it.\n\n## Empty', 200);
    expect(chunks.map((piece) => [piece.text, piece.headingPath])).toEqual([
      ['# Guide\n## Setup\nInstall it.', ['Guide', 'Setup']],
      ['## Empty', ['Guide', 'Empty']],
    ]);
  });

  it('cuts the block after a heading rather than leave the heading alone', () => {
    const body = [sentence('One', 8), sentence('Two', 8)].join(' ');
    const chunks = chunk(`# Title\n\n${body}`, 14);
    expect(texts(chunks)).toEqual([`# Title\n\n${sentence('One', 8)}`, sentence('Two', 8)]);
  });

  it('keeps a code block whole when it fits, starting a new chunk for it', () => {
    const code = '```ts\nconst a = 1;\nconst b = 2;\n```';
    const intro = sentence('Intro', 10);
    const maxTokens = estimateTokens(`${code}\n\n${sentence('After', 3)}`);
    expect(estimateTokens(intro)).toBeLessThan(maxTokens);
    const chunks = chunk(`${intro}\n\n${code}\n\n${sentence('After', 3)}`, maxTokens);
    expect(texts(chunks)).toEqual([intro, `${code}\n\n${sentence('After', 3)}`]);
  });

  it('keeps a table whole when it fits', () => {
    const table = '| plan | days |\n|---|---|\n| basic | 14 |\n| pro | 30 |';
    const intro = sentence('Intro', 12);
    const chunks = chunk(`${intro}\n\n${table}`, estimateTokens(table) + 2);
    expect(texts(chunks)).toEqual([intro, table]);
  });

  it('cuts a code block too large for one chunk at line boundaries', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `  const value${index} = compute(${index});`);
    const text = `\`\`\`ts\n${lines.join('\n')}\n\`\`\``;
    const chunks = chunk(text, 40);
    expect(chunks.length).toBeGreaterThan(3);
    for (const piece of chunks) {
      expect(piece.tokens).toBeLessThanOrEqual(40);
      // Each chunk runs from the start of a line (after its indentation) to the end of one.
      expect(text.slice(text.lastIndexOf('\n', piece.start - 1) + 1, piece.start).trim()).toBe('');
      expect(['\n', undefined]).toContain(text[piece.end]);
    }
    expect(texts(chunks).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('cuts a table too large for one chunk by rows, without repeating the header', () => {
    const rows = Array.from({ length: 20 }, (_, index) => `| row ${index} | ${index * 2} |`);
    const text = ['| name | value |', '|---|---|', ...rows].join('\n');
    const chunks = chunk(text, 30);
    expect(chunks.length).toBeGreaterThan(2);
    expect(texts(chunks).join('\n')).toBe(text);
    expect(chunks.filter((piece) => piece.text.includes('| name | value |'))).toHaveLength(1);
    for (const piece of chunks) expect(piece.text).toMatch(/^\|.*\|$/s);
  });

  it('cuts an over-long paragraph at sentences, not after abbreviations or in numbers', () => {
    const first = 'Dr. Smith approved refunds, e.g. for version 3.5 of the plan.';
    const second = 'Refunds take 30 days.';
    const third = 'Ask support for help.';
    const chunks = chunk(`${first} ${second} ${third}`, 24);
    expect(texts(chunks)).toEqual([first, `${second} ${third}`]);
  });

  it('cuts an over-long sentence at words, and an over-long token at characters', () => {
    const words = Array.from({ length: 30 }, (_, index) => `word${String.fromCharCode(97 + (index % 26))}`);
    const wordChunks = chunk(words.join(' '), 8);
    expect(wordChunks.map((piece) => piece.text.split(' ').length)).toEqual([8, 8, 8, 6]);
    const token = 'x'.repeat(200);
    const pieces = chunk(`${token} end`, 10);
    expect(pieces.map((piece) => piece.text).join('')).toBe(`${token}end`);
    for (const piece of pieces) expect(piece.tokens).toBeLessThanOrEqual(10);
  });

  it('repeats the end of the previous chunk, from a sentence start, within the overlap budget', () => {
    const sentences = Array.from({ length: 8 }, (_, index) => sentence(`S${index}`, 6));
    const text = sentences.join(' ');
    const chunks = chunk(text, 24, 8);
    expect(chunks.length).toBeGreaterThan(2);
    for (let index = 1; index < chunks.length; index++) {
      const previous = chunks[index - 1]!;
      const current = chunks[index]!;
      expect(current.start).toBeLessThan(previous.end);
      expect(current.start).toBeGreaterThan(previous.start);
      const repeated = text.slice(current.start, previous.end);
      expect(estimateTokens(repeated)).toBeLessThanOrEqual(8);
      expect(sentences).toContain(repeated);
    }
  });

  it('snaps the overlap to a word boundary when no sentence start fits the budget', () => {
    const text = [sentence('Long', 15), sentence('Next', 15)].join(' ');
    const [first, second] = chunk(text, 20, 5);
    expect(second!.start).toBeLessThan(first!.end);
    expect(text[second!.start - 1]).toBe(' ');
    expect(estimateTokens(text.slice(second!.start, first!.end))).toBeLessThanOrEqual(5);
  });

  it('never overlaps across a heading', () => {
    const text = `# One\n\n${sentence('First', 10)}\n\n# Two\n\n${sentence('Second', 10)}`;
    const chunks = chunk(text, 100, 50);
    expect(texts(chunks)).toEqual([
      `# One\n\n${sentence('First', 10)}`,
      `# Two\n\n${sentence('Second', 10)}`,
    ]);
  });

  it('does not overlap when overlapTokens is 0', () => {
    const text = Array.from({ length: 6 }, (_, index) => sentence(`S${index}`, 6)).join(' ');
    const chunks = chunk(text, 15, 0);
    for (let index = 1; index < chunks.length; index++) {
      expect(chunks[index]!.start).toBeGreaterThan(chunks[index - 1]!.end);
    }
  });

  it('clamps an overlap as large as the chunk to half of it, and still makes progress', () => {
    const text = Array.from({ length: 10 }, (_, index) => sentence(`S${index}`, 4)).join(' ');
    const chunks = chunk(text, 12, 50);
    expect(chunks.at(-1)!.end).toBe(text.length);
    for (let index = 1; index < chunks.length; index++) {
      const repeated = text.slice(chunks[index]!.start, chunks[index - 1]!.end);
      expect(estimateTokens(repeated)).toBeLessThanOrEqual(6);
      expect(chunks[index]!.end).toBeGreaterThan(chunks[index - 1]!.end);
    }
  });

  it('counts with the given counter', () => {
    const countWords: TokenCounter = (text) => text.split(/\s+/).filter(Boolean).length;
    const text = 'one two three four five six seven eight nine ten';
    const chunks = chunk(text, 4, 0, countWords);
    expect(texts(chunks)).toEqual(['one two three four', 'five six seven eight', 'nine ten']);
    expect(chunks.map((piece) => piece.tokens)).toEqual([4, 4, 2]);
  });

  it('rejects a chunk size below one token, naming the setting', () => {
    expect(() => chunk('text', 0)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => chunk('text', Number.NaN)).toThrow(/chunk\.maxTokens/);
  });
});
