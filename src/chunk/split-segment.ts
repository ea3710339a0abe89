import type { TokenCounter } from '../core/text/count-tokens.js';
import { type BlockKind, isListMarker } from './parse-blocks.js';
import { splitSentencesInRange, type TextSpan } from './split-sentences.js';
import { isWhitespaceCode, skipWhitespace, trimEndIndex } from './whitespace.js';

/** How a segment was cut out of its block, coarsest first. */
export type SegmentLevel = 'block' | 'item' | 'line' | 'sentence' | 'word' | 'character';

/** A trimmed piece of the text that the packer places whole, with its token count. */
export interface Segment {
  start: number;
  end: number;
  tokens: number;
  kind: BlockKind;
  level: SegmentLevel;
}

export interface SplitOptions {
  countTokens: TokenCounter;
  maxTokens: number;
  /** Stop above word level: return the segment alone rather than cut it into words. */
  coarseOnly?: boolean;
}

/**
 * Cuts a segment at the next finer boundary its kind has (code and tables by line, lists by
 * item, prose by sentence, then words, then characters), skipping levels that leave it whole.
 * Returns the segment itself, alone, when it cannot be cut any finer (one character).
 */
export function splitSegment(text: string, segment: Segment, options: SplitOptions): Segment[] {
  let level: FinerLevel | null = finerLevel(segment.kind, segment.level);
  while (level !== null) {
    if (options.coarseOnly === true && (level === 'word' || level === 'character')) break;
    if (level === 'character') return splitCharacters(text, segment, options);
    const spans = spansAt(level, text, segment.start, segment.end);
    if (spans.length > 1) {
      const finer = level;
      return spans.map((span) => ({
        start: span.start,
        end: span.end,
        tokens: options.countTokens(text.slice(span.start, span.end)),
        kind: segment.kind,
        level: finer,
      }));
    }
    level = finerLevel(segment.kind, level);
  }
  return [segment];
}

type FinerLevel = Exclude<SegmentLevel, 'block'>;

function finerLevel(kind: BlockKind, level: SegmentLevel): FinerLevel | null {
  switch (level) {
    case 'block':
      if (kind === 'code' || kind === 'table') return 'line';
      if (kind === 'list') return 'item';
      if (kind === 'heading') return 'word';
      return 'sentence';
    case 'item':
      return 'sentence';
    case 'line':
    case 'sentence':
      return 'word';
    case 'word':
      return 'character';
    case 'character':
      return null;
  }
}

function spansAt(
  level: Exclude<FinerLevel, 'character'>,
  text: string,
  from: number,
  to: number,
): TextSpan[] {
  switch (level) {
    case 'item':
      return splitListItems(text, from, to);
    case 'line':
      return splitLines(text, from, to);
    case 'sentence':
      return splitSentencesInRange(text, from, to);
    case 'word':
      return splitWords(text, from, to);
  }
}

function splitLines(text: string, from: number, to: number): TextSpan[] {
  const spans: TextSpan[] = [];
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    const first = skipWhitespace(text, lineStart, lineEnd);
    if (first < lineEnd) spans.push({ start: first, end: trimEndIndex(text, first, lineEnd) });
    lineStart = lineEnd + 1;
  }
  return spans;
}

/** A list item is a marker line plus the lines after it up to the next marker line. */
function splitListItems(text: string, from: number, to: number): TextSpan[] {
  const items: TextSpan[] = [];
  for (const line of splitLines(text, from, to)) {
    const last = items[items.length - 1];
    if (last === undefined || isListMarker(text, line.start, line.end)) items.push({ ...line });
    else last.end = line.end;
  }
  return items;
}

function splitWords(text: string, from: number, to: number): TextSpan[] {
  const spans: TextSpan[] = [];
  let index = skipWhitespace(text, from, to);
  while (index < to) {
    let end = index + 1;
    while (end < to && !isWhitespaceCode(text.charCodeAt(end))) end++;
    spans.push({ start: index, end });
    index = skipWhitespace(text, end, to);
  }
  return spans;
}

/**
 * Cuts one over-long token (a URL, a base64 blob) into pieces that each fit. The first guess
 * comes from the token's own characters-per-token ratio, so a piece costs one or two counts
 * rather than a search; cuts never fall inside a surrogate pair.
 */
function splitCharacters(text: string, segment: Segment, options: SplitOptions): Segment[] {
  const { start, end } = segment;
  const charactersPerToken = (end - start) / Math.max(1, segment.tokens);
  const pieces: Segment[] = [];
  let position = start;
  while (position < end) {
    let length = Math.min(end - position, Math.max(1, Math.floor(options.maxTokens * charactersPerToken)));
    let tokens: number;
    for (;;) {
      length = avoidSurrogateCut(text, position, length, end);
      tokens = options.countTokens(text.slice(position, position + length));
      const smallest = length === 1 || (length === 2 && isHighSurrogate(text.charCodeAt(position)));
      if (tokens <= options.maxTokens || smallest) break;
      length = Math.max(1, Math.min(length - 1, Math.floor((length * options.maxTokens) / tokens)));
    }
    pieces.push({ start: position, end: position + length, tokens, kind: segment.kind, level: 'character' });
    position += length;
  }
  return pieces.length > 1 ? pieces : [segment];
}

function avoidSurrogateCut(text: string, position: number, length: number, end: number): number {
  const cut = position + length;
  if (cut >= end || !isHighSurrogate(text.charCodeAt(cut - 1))) return length;
  return length > 1 ? length - 1 : 2;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
