import { cleanHeading } from '../../core/text/clean-heading.js';
import { sliceTextMap } from '../../core/text/text-origin.js';
import { readFrontMatterFields, splitFrontMatter } from '../front-matter.js';
import { type Loader, titleFromPath } from './loader.js';
import { readTextFile } from './read-file.js';

/**
 * Markdown keeps its markup: the chunker splits on its headings and code fences. The document
 * text is the body (after the front matter); its origin maps it back to the file, so that chunks
 * carry file offsets and lines.
 */
export const loadMarkdown: Loader = async function* (input) {
  const read = await readTextFile(input);
  if (!read.ok) {
    yield { kind: 'failure', failure: read.failure };
    return;
  }
  const base = { source: input.relativePath, documentId: input.relativePath };
  const split = splitFrontMatter(read.text);
  if (!split.ok) {
    yield {
      kind: 'failure',
      failure: { ...base, line: split.line, code: 'INPUT_INVALID', reason: split.reason, hint: split.hint },
    };
    return;
  }
  const fields = readFrontMatterFields(split.data ?? {});
  if (!fields.ok) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        field: fields.field,
        code: 'INPUT_INVALID',
        reason: fields.reason,
        hint: fields.hint,
      },
    };
    return;
  }
  if (!/\S/.test(split.body)) {
    yield {
      kind: 'failure',
      failure: {
        ...base,
        code: 'INPUT_INVALID',
        reason: 'the file has front matter but no text after it',
        hint: 'Add content below the front matter, delete the file, or add it to ingest.exclude in knowhow.yaml.',
      },
    };
    return;
  }
  yield {
    kind: 'document',
    draft: {
      id: input.relativePath,
      text: split.body,
      title: fields.title ?? findMarkdownTitle(split.body) ?? titleFromPath(input.relativePath),
      source: input.relativePath,
      format: 'markdown',
      modifiedAt: input.modifiedAt,
      metadata: fields.metadata,
      ...(fields.groups === undefined ? {} : { groups: fields.groups }),
      origin: { kind: 'file', map: sliceTextMap(read.map, read.text, split.bodyStart) },
    },
  };
};

// A level-1 ATX heading, a setext underline, or a code fence (headings inside fences do not count).
const TITLE_SCAN = /^ {0,3}(?:(`{3,}|~{3,})|#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|(=+)[ \t]*$)/gm;

/** The first level-1 heading outside code blocks; null when there is none. */
export function findMarkdownTitle(markdown: string): string | null {
  let fence: string | null = null;
  TITLE_SCAN.lastIndex = 0;
  for (let match = TITLE_SCAN.exec(markdown); match !== null; match = TITLE_SCAN.exec(markdown)) {
    const [, fenceMarker, heading, underline] = match;
    if (fenceMarker !== undefined) {
      if (fence === null) fence = fenceMarker;
      else if (fenceMarker[0] === fence[0] && fenceMarker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (heading !== undefined) {
      const title = cleanHeading(heading);
      if (title.length > 0) return title;
      continue;
    }
    if (underline !== undefined) {
      const title = cleanHeading(previousLine(markdown, match.index));
      if (title.length > 0) return title;
    }
  }
  return null;
}

function previousLine(text: string, lineStart: number): string {
  if (lineStart === 0) return '';
  const start = text.lastIndexOf('\n', lineStart - 2) + 1;
  return text.slice(start, lineStart - 1);
}
