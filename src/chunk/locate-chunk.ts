import { type PageStart, type SourceBlock, toFileOffset } from '../core/text/text-origin.js';
import type { SourceDocument, SourceLocation } from '../core/types.js';

/**
 * Places chunks of one document in its file (see TextOrigin): file offsets and lines for text
 * that is the file's own, the record's line for a JSONL record, pages for a PDF, nothing for
 * derived text. Built once per document: lines and pages are found by binary search.
 */
export function createChunkLocator(document: SourceDocument): (start: number, end: number) => SourceLocation {
  const origin = document.origin;
  if (origin === undefined) return () => ({});
  if (origin.kind === 'record') return () => ({ line: origin.line, endLine: origin.line });
  if (origin.kind === 'pages') {
    return (start, end) => ({ page: pageAt(origin.pages, start), endPage: pageAt(origin.pages, end - 1) });
  }
  if (origin.kind === 'blocks') return (start, end) => locateInBlocks(origin.blocks, start, end);
  const { map } = origin;
  const newlines: number[] = [];
  for (let index = document.text.indexOf('\n'); index !== -1; index = document.text.indexOf('\n', index + 1))
    newlines.push(index);
  const lineAt = (offset: number) => map.firstLine + countBefore(newlines, offset);
  return (start, end) => ({
    sourceStart: toFileOffset(map, start),
    // The last character's position + 1: a \r dropped after it belongs to the next line.
    sourceEnd: toFileOffset(map, end - 1) + 1,
    line: lineAt(start),
    endLine: lineAt(end - 1),
  });
}

/** How many of the ascending `offsets` are below `offset`. */
function countBefore(offsets: readonly number[], offset: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** From the markup of the block the passage starts in to the end of the block it ends in. */
function locateInBlocks(blocks: readonly SourceBlock[], start: number, end: number): SourceLocation {
  const first = blockAt(blocks, start);
  const last = blockAt(blocks, end - 1);
  if (first === undefined || last === undefined) return {};
  return {
    sourceStart: Math.min(first.sourceStart, last.sourceStart),
    sourceEnd: Math.max(first.sourceEnd, last.sourceEnd),
    line: Math.min(first.line, last.line),
    endLine: Math.max(first.endLine, last.endLine),
  };
}

/** The last block that starts at or before `offset`. */
function blockAt(blocks: readonly SourceBlock[], offset: number): SourceBlock | undefined {
  let low = 0;
  let high = blocks.length - 1;
  let found: SourceBlock | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const block = blocks[middle]!;
    if (block.textStart <= offset) {
      found = block;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function pageAt(pages: readonly PageStart[], offset: number): number {
  let page = pages[0]?.[1] ?? 1;
  for (const [start, number] of pages) {
    if (start > offset) break;
    page = number;
  }
  return page;
}
