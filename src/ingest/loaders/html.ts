import { type FileTextMap, type SourceBlock, toFileOffset } from '../../core/text/text-origin.js';
import { convertHtmlToMarkdown, type HtmlBlockSource } from './html-to-markdown.js';
import { type Loader, titleFromPath } from './loader.js';
import { decodeFileBytes, readFileBytes } from './read-file.js';

export const loadHtml: Loader = async function* (input) {
  const read = await readFileBytes(input);
  if (!read.ok) {
    yield { kind: 'failure', failure: read.failure };
    return;
  }
  const charset = sniffCharset(read.bytes);
  const decoded = decodeFileBytes(input, read.bytes, charset === null ? {} : { encoding: charset });
  if (!decoded.ok) {
    yield { kind: 'failure', failure: decoded.failure };
    return;
  }
  const base = { source: input.relativePath, documentId: input.relativePath };
  let conversion: ReturnType<typeof convertHtmlToMarkdown>;
  try {
    conversion = convertHtmlToMarkdown(decoded.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    yield {
      kind: 'failure',
      failure: {
        ...base,
        code: 'INPUT_INVALID',
        reason: `the HTML could not be converted: ${message}`,
        hint: 'Check that the file is a web page (deeply nested or generated markup can be simplified), or exclude it.',
      },
    };
    return;
  }
  if (!/\S/.test(conversion.text)) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        code: 'INPUT_INVALID',
        reason: 'no readable text in the main content (only navigation, scripts or markup)',
        hint: 'Check that the page is not rendered by JavaScript (save the rendered page instead), or exclude it.',
      },
    };
    return;
  }
  yield {
    kind: 'document',
    draft: {
      id: input.relativePath,
      text: conversion.text,
      title: conversion.title ?? titleFromPath(input.relativePath),
      source: input.relativePath,
      format: 'html',
      modifiedAt: input.modifiedAt,
      metadata: {},
      origin: { kind: 'blocks', blocks: locateBlocks(conversion.blocks, decoded.text, decoded.map) },
    },
  };
};

/** Turns the converter's markup ranges (offsets into the decoded page) into file offsets and lines. */
function locateBlocks(blocks: readonly HtmlBlockSource[], html: string, map: FileTextMap): SourceBlock[] {
  const newlines: number[] = [];
  for (let index = html.indexOf('\n'); index !== -1; index = html.indexOf('\n', index + 1))
    newlines.push(index);
  let cursor = 0;
  const lineAt = (offset: number) => {
    // Blocks come in text order, which is (nearly always) page order: walk forward, back off if not.
    while (cursor > 0 && newlines[cursor - 1]! >= offset) cursor--;
    while (cursor < newlines.length && newlines[cursor]! < offset) cursor++;
    return map.firstLine + cursor;
  };
  return blocks.map((block) => ({
    textStart: block.textStart,
    textEnd: block.textEnd,
    sourceStart: toFileOffset(map, block.htmlStart),
    sourceEnd: toFileOffset(map, block.htmlEnd - 1) + 1,
    line: lineAt(block.htmlStart),
    endLine: lineAt(block.htmlEnd - 1),
  }));
}

/** The charset a page declares in its first kilobyte (`<meta charset>` or http-equiv), if any. */
export function sniffCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}
