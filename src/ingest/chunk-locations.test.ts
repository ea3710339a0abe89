import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunkDocument } from '../chunk/chunk-document.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { buildPdf } from './__fixtures__/build-test-files.js';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from './__fixtures__/temp-folder.js';

/**
 * Citations point at the file: for every format whose document text is the file's own text
 * (Markdown, plain text), `raw.slice(sourceStart, sourceEnd)` is the chunk's text — up to line
 * endings, which the document text normalises to \n — and `line`/`endLine` are the file's lines of
 * its first and last character. `raw` is the file read as UTF-8 (a BOM counts as one character).
 */

const example = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/helpdesk/docs');

const lineAt = (raw: string, offset: number) => raw.slice(0, offset).split(/\r\n|\r|\n/).length;

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function chunksOf(document: SourceDocument, maxTokens = 300): Chunk[] {
  return chunkDocument(document, { maxTokens, overlapTokens: 30 });
}

async function expectChunksPointAtFile(
  root: string,
  document: SourceDocument,
  chunks: Chunk[],
): Promise<void> {
  const raw = await readFile(path.join(root, document.source), 'utf8');
  for (const chunk of chunks) {
    const where = `${chunk.id} (${document.format})`;
    expect(chunk.sourceStart, where).toBeTypeOf('number');
    expect(chunk.sourceEnd, where).toBeTypeOf('number');
    const span = raw.slice(chunk.sourceStart, chunk.sourceEnd);
    expect(span.replace(/\r\n?/g, '\n'), where).toBe(chunk.text);
    expect(chunk.line, where).toBe(lineAt(raw, chunk.sourceStart!));
    expect(chunk.endLine, where).toBe(lineAt(raw, chunk.sourceEnd! - 1));
  }
}

describe('chunk locations in the source file', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('every Markdown and text chunk of the bundled example points at its passage and lines in the raw file', async () => {
    const { documents, failures } = await loadFolder({ root: example });
    expect(failures).toEqual([]);
    let checked = 0;
    for (const document of documents) {
      if (document.format !== 'markdown' && document.format !== 'text') continue;
      const chunks = chunksOf(document);
      await expectChunksPointAtFile(example, document, chunks);
      checked += chunks.length;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('every HTML chunk of the bundled example points at the markup its words came from, and its lines', async () => {
    const { documents } = await loadFolder({ root: example });
    const pages = documents.filter((document) => document.format === 'html');
    expect(pages.length).toBeGreaterThan(0);
    for (const document of pages) {
      const raw = await readFile(path.join(example, document.source), 'utf8');
      for (const chunk of chunksOf(document)) {
        expect(chunk.sourceStart, chunk.id).toBeTypeOf('number');
        const markup = raw.slice(chunk.sourceStart, chunk.sourceEnd);
        // The text the markup holds has every word of the (Markdown-converted) chunk.
        const texts = DomUtils.filter((node) => node.type === 'text', parseDocument(markup).children, true);
        const pageWords = new Set(wordsOf(texts.map((node) => DomUtils.textContent(node)).join(' ')));
        // Ordered-list numbers are written by the converter, not found in the page.
        const converted = chunk.text.replace(/^\s*\d+\.\s/gm, '');
        const missing = wordsOf(converted).filter((word) => !pageWords.has(word));
        expect(missing, chunk.id).toEqual([]);
        expect(chunk.line, chunk.id).toBe(lineAt(raw, chunk.sourceStart!));
        expect(chunk.endLine, chunk.id).toBe(lineAt(raw, chunk.sourceEnd! - 1));
      }
    }
  });

  it('counts front matter, a byte-order mark, CRLF and lone CR line endings', async () => {
    const body = [
      '# Refunds',
      '',
      'Ask within **30 days**.',
      '',
      '## Exceptions',
      '',
      'Annual plans: 14 days.',
    ];
    await writeFiles(root, {
      'crlf.md': `\ufeff---\r\ntitle: Refunds\r\ngroups: [support]\r\n---\r\n${body.join('\r\n')}\r\n`,
      'mixed.txt': `First line.\r\nSecond line.\rThird line.\n\nA paragraph\r\nthat wraps.\r\n`,
      'plain.md': `---\ntitle: Plain\n---\n\n\n${body.join('\n')}`,
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents).toHaveLength(3);
    for (const document of documents) {
      const chunks = chunksOf(document, 12);
      expect(chunks.length).toBeGreaterThan(1);
      await expectChunksPointAtFile(root, document, chunks);
    }
    const crlf = chunksOf(documents.find((document) => document.id === 'crlf.md')!, 12);
    expect(crlf.map((chunk) => [chunk.line, chunk.endLine])).toEqual([
      [5, 7],
      [9, 11],
    ]);
  });

  it('gives PDF chunks the pages they start and end on', async () => {
    const lines = (page: number) =>
      Array.from({ length: 6 }, (_, index) => `Page ${page} line ${index} about refunds.`);
    await writeFiles(root, { 'handbook.pdf': buildPdf({ pages: [lines(1), [], lines(3)] }) });
    const { documents } = await loadFolder({ root });
    const chunks = chunksOf(documents[0]!, 30);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      const pagesNamed = [...chunk.text.matchAll(/Page (\d)/g)].map((match) => Number(match[1]));
      expect(chunk.page, chunk.text).toBe(pagesNamed[0]);
      expect(chunk.endPage, chunk.text).toBe(pagesNamed.at(-1));
      expect(chunk.sourceStart).toBeUndefined();
    }
    expect(chunks.some((chunk) => chunk.page === 1 && chunk.endPage === 3)).toBe(true);
  });

  it('gives JSONL records the line of their record, and an HTML block the lines of its element', async () => {
    await writeFiles(root, {
      'tickets.jsonl':
        '{"id":"t1","text":"Printer jam"}\n\n{"id":"t2","text":"VPN down.\\n\\nStill down."}\n',
      'page.html':
        '\ufeff<html>\r\n<body><main>\r\n<h1>Title</h1>\r\n<pre>Some\r\ntext.</pre></main></body></html>',
      'records.json': '[{"id":"r1","text":"Derived from fields."}]',
    });
    const { documents } = await loadFolder({ root });
    const byId = new Map(documents.map((document) => [document.id, chunksOf(document)]));
    expect(byId.get('tickets.jsonl#t1')?.map((chunk) => [chunk.line, chunk.endLine])).toEqual([[1, 1]]);
    expect(byId.get('tickets.jsonl#t2')?.map((chunk) => [chunk.line, chunk.endLine])).toEqual([[3, 3]]);
    expect(byId.get('tickets.jsonl#t2')?.[0]?.sourceStart).toBeUndefined();
    const page = byId.get('page.html')?.[0];
    const raw = await readFile(path.join(root, 'page.html'), 'utf8');
    expect(raw.slice(page?.sourceStart, page?.sourceEnd)).toBe('<h1>Title</h1>\r\n<pre>Some\r\ntext.</pre>');
    expect([page?.line, page?.endLine]).toEqual([3, 5]);
    // A .json record's text is assembled from fields: it has no place in the file to point at.
    expect(byId.get('records.json#r1')?.[0]).not.toHaveProperty('line');
    expect(byId.get('records.json#r1')?.[0]).not.toHaveProperty('sourceStart');
  });
});
