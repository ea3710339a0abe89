import { convertHtmlToMarkdown } from './html-to-markdown.js';
import { type Loader, titleFromPath } from './loader.js';
import { readFileBytes } from './read-file.js';

type Mammoth = typeof import('mammoth');

let mammoth: Promise<Mammoth> | undefined;

function loadMammoth(): Promise<Mammoth> {
  mammoth ??= import('mammoth').then((module) => (module as { default?: Mammoth }).default ?? module);
  return mammoth;
}

/** Word documents go through HTML so that headings, lists and tables keep their structure. */
export const loadDocx: Loader = async function* (input) {
  const read = await readFileBytes(input);
  if (!read.ok) {
    yield { kind: 'failure', failure: read.failure };
    return;
  }
  const base = { source: input.relativePath, documentId: input.relativePath, code: 'INPUT_INVALID' as const };
  let html: string;
  try {
    const converter = await loadMammoth();
    html = (await converter.convertToHtml({ buffer: read.bytes })).value;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    yield {
      kind: 'failure',
      failure: {
        ...base,
        reason: `not a valid .docx (corrupt, or an older .doc renamed to .docx): ${message}`,
        hint: 'Open and re-save it in Word or LibreOffice as .docx, or exclude the file.',
      },
    };
    return;
  }
  const conversion = convertHtmlToMarkdown(html);
  if (!/\S/.test(conversion.text)) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        reason: 'the document has no text',
        hint: 'Add text to the document (text in images needs OCR), delete it, or exclude it.',
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
      format: 'docx',
      modifiedAt: input.modifiedAt,
      metadata: {},
    },
  };
};
