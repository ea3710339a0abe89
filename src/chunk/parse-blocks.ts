import { skipWhitespace, trimEndIndex } from './whitespace.js';

export type ContentKind = 'paragraph' | 'list' | 'code' | 'table';
export type BlockKind = ContentKind | 'heading';

/**
 * A structural unit of a document. `start`/`end` are offsets into the text, trimmed of white
 * space, so that every non-white-space character of the text lies in exactly one block.
 */
export type Block =
  | { kind: 'heading'; start: number; end: number; level: number; title: string }
  | { kind: ContentKind; start: number; end: number };

const hash = 35;
const backtick = 96;
const tilde = 126;
const pipe = 124;
const dash = 45;
const equals = 61;
const star = 42;
const plus = 43;
const dot = 46;
const closeParen = 41;

const delimiterRowPattern = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

interface OpenBlock {
  kind: 'paragraph' | 'list' | 'table';
  start: number;
  end: number;
  lines: number;
}

/**
 * Splits markdown-like text into headings (ATX and setext), fenced code, pipe tables, list
 * runs and paragraphs. It is a line scanner, not a markdown parser: loaders hand every format
 * over as markdown-ish text, and the chunker only needs to know where structure begins and
 * ends. Runs in one pass with no per-character allocation because it sees every ingested byte.
 */
export function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const length = text.length;
  let open: OpenBlock | null = null;
  // Next '|' at or after the current line; kept across lines so looking for pipes stays linear.
  let nextPipe = -1;

  const closeOpen = (): void => {
    if (open !== null) blocks.push({ kind: open.kind, start: open.start, end: open.end });
    open = null;
  };

  let lineStart = 0;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = length;
    const first = skipWhitespace(text, lineStart, lineEnd);
    if (first === lineEnd) {
      closeOpen();
      lineStart = lineEnd + 1;
      continue;
    }
    const last = trimEndIndex(text, first, lineEnd);
    const code = text.charCodeAt(first);
    const current = open as OpenBlock | null;

    if (code === hash && first - lineStart <= 3) {
      const heading = readAtxHeading(text, first, last);
      if (heading !== null) {
        closeOpen();
        blocks.push(heading);
        lineStart = lineEnd + 1;
        continue;
      }
    }

    if (code === backtick || code === tilde) {
      const fenceLength = countRun(text, first, last, code);
      if (fenceLength >= 3 && !(code === backtick && contains(text, first + fenceLength, last, backtick))) {
        closeOpen();
        const fence = readFence(text, { lineEnd, fenceChar: code, fenceLength, blockEnd: last });
        blocks.push({ kind: 'code', start: first, end: fence.end });
        lineStart = fence.nextLineStart;
        continue;
      }
    }

    if (
      current !== null &&
      current.kind === 'paragraph' &&
      current.lines === 1 &&
      (code === equals || code === dash) &&
      last - first >= 2 &&
      countRun(text, first, last, code) === last - first
    ) {
      const title = text.slice(current.start, current.end);
      blocks.push({
        kind: 'heading',
        start: current.start,
        end: last,
        level: code === equals ? 1 : 2,
        title,
      });
      open = null;
      lineStart = lineEnd + 1;
      continue;
    }

    if (nextPipe < first) {
      nextPipe = text.indexOf('|', first);
      if (nextPipe === -1) nextPipe = length;
    }
    if (nextPipe < last) {
      const startsTable =
        code === pipe || current?.kind === 'table' || isDelimiterRow(text, Math.min(lineEnd + 1, length));
      if (startsTable) {
        if (current?.kind === 'table') {
          current.end = last;
          current.lines++;
        } else {
          closeOpen();
          open = { kind: 'table', start: first, end: last, lines: 1 };
        }
        lineStart = lineEnd + 1;
        continue;
      }
    }

    if (isListMarker(text, first, last)) {
      if (current?.kind === 'list') {
        current.end = last;
        current.lines++;
      } else {
        closeOpen();
        open = { kind: 'list', start: first, end: last, lines: 1 };
      }
    } else if (current !== null && (current.kind === 'paragraph' || current.kind === 'list')) {
      // A plain line right after a list item is that item's (lazy) continuation.
      current.end = last;
      current.lines++;
    } else {
      closeOpen();
      open = { kind: 'paragraph', start: first, end: last, lines: 1 };
    }
    lineStart = lineEnd + 1;
  }
  closeOpen();
  return blocks;
}

function readAtxHeading(text: string, first: number, last: number): Block | null {
  const level = countRun(text, first, last, hash);
  if (level > 6) return null;
  const afterMarker = first + level;
  if (afterMarker < last && !isSpaceOrTab(text.charCodeAt(afterMarker))) return null;
  let titleEnd = last;
  // An optional closing sequence of #s counts only when white space separates it from the title.
  let closing = titleEnd;
  while (closing > afterMarker && text.charCodeAt(closing - 1) === hash) closing--;
  if (closing < titleEnd && (closing === afterMarker || isSpaceOrTab(text.charCodeAt(closing - 1)))) {
    titleEnd = closing;
  }
  const title = text.slice(afterMarker, titleEnd).trim();
  return { kind: 'heading', start: first, end: last, level, title };
}

function readFence(
  text: string,
  fence: { lineEnd: number; fenceChar: number; fenceLength: number; blockEnd: number },
): { end: number; nextLineStart: number } {
  const length = text.length;
  let blockEnd = fence.blockEnd;
  let lineStart = fence.lineEnd + 1;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = length;
    const first = skipWhitespace(text, lineStart, lineEnd);
    if (first < lineEnd) {
      const last = trimEndIndex(text, first, lineEnd);
      blockEnd = last;
      const run = countRun(text, first, last, fence.fenceChar);
      if (run >= fence.fenceLength && first + run === last) return { end: last, nextLineStart: lineEnd + 1 };
    }
    lineStart = lineEnd + 1;
  }
  // An unclosed fence runs to the end of the text, as in CommonMark.
  return { end: blockEnd, nextLineStart: length };
}

function isDelimiterRow(text: string, lineStart: number): boolean {
  if (lineStart >= text.length) return false;
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  // Delimiter rows are short; a long line cannot be one, and testing it would cost a regex run.
  if (lineEnd - lineStart > 2000) return false;
  return delimiterRowPattern.test(text.slice(lineStart, lineEnd));
}

/** `- `, `* `, `+ `, `1. ` or `1) ` (a marker alone on its line counts too). */
export function isListMarker(text: string, first: number, last: number): boolean {
  const code = text.charCodeAt(first);
  if (code === dash || code === star || code === plus) {
    return first + 1 === last || isSpaceOrTab(text.charCodeAt(first + 1));
  }
  let index = first;
  while (index < last && index - first < 9 && isDigit(text.charCodeAt(index))) index++;
  if (index === first || index >= last) return false;
  const marker = text.charCodeAt(index);
  if (marker !== dot && marker !== closeParen) return false;
  return index + 1 === last || isSpaceOrTab(text.charCodeAt(index + 1));
}

function countRun(text: string, from: number, to: number, code: number): number {
  let index = from;
  while (index < to && text.charCodeAt(index) === code) index++;
  return index - from;
}

function contains(text: string, from: number, to: number, code: number): boolean {
  for (let index = from; index < to; index++) if (text.charCodeAt(index) === code) return true;
  return false;
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
