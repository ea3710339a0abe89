import { convertHtmlToMarkdown } from './html-to-markdown.js';
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
    },
  };
};

/** The charset a page declares in its first kilobyte (`<meta charset>` or http-equiv), if any. */
export function sniffCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return match?.[1]?.toLowerCase() ?? null;
}
