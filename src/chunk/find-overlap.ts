import type { TokenCounter } from '../core/text/count-tokens.js';
import type { Segment } from './split-segment.js';
import { isSentenceStart, splitSentencesInRange } from './split-sentences.js';
import { isWhitespaceCode, skipWhitespace, trimEndIndex } from './whitespace.js';

/** The chunk just emitted, as far as overlap needs it. */
export interface PreviousChunk {
  start: number;
  end: number;
  /** Overlap must start after this: the chunk's start, or the end of the headings it opens with. */
  floor: number;
  segments: readonly Segment[];
}

export interface Overlap {
  start: number;
  tokens: number;
}

/**
 * Where the next chunk should start so that it repeats up to `budget` tokens of the previous
 * one: the earliest word that keeps the repeat within budget, moved forward to a sentence start
 * when one lies in that stretch (to a line start inside code and tables). Never mid-word, never
 * before the previous chunk's own start or into its headings. `null` when nothing fits.
 */
export function findOverlap(
  text: string,
  previous: PreviousChunk,
  options: { budget: number; countTokens: TokenCounter },
): Overlap | null {
  if (options.budget <= 0) return null;
  // Counting word by word touches only the repeated stretch; searching over suffixes instead
  // would count it several times over, which measured slower.
  let candidate = -1;
  let tokens = 0;
  let position = previous.end;
  while (position > previous.floor) {
    let wordStart = position;
    while (wordStart > previous.floor && !isWhitespaceCode(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart <= previous.floor) break;
    const wordTokens = options.countTokens(text.slice(wordStart, position));
    if (tokens + wordTokens > options.budget) break;
    tokens += wordTokens;
    candidate = wordStart;
    position = trimEndIndex(text, previous.floor, wordStart);
  }
  if (candidate < 0) return null;
  const start = snapToBoundary(text, previous, candidate);
  if (start === null) return null;
  if (start === candidate) return { start, tokens };
  return { start, tokens: options.countTokens(text.slice(start, previous.end)) };
}

function snapToBoundary(text: string, previous: PreviousChunk, candidate: number): number | null {
  const segment = findContainingSegment(previous.segments, candidate);
  if (segment !== undefined && (segment.kind === 'code' || segment.kind === 'table')) {
    return snapToLineStart(text, { candidate, segmentStart: segment.start, end: previous.end });
  }
  // Inside one over-long sentence there is no sentence start to move to.
  if (segment !== undefined && (segment.level === 'word' || segment.level === 'character')) return candidate;
  // Sentence starts are exact from the candidate on; whether the candidate itself starts one is
  // judged from the text before it, so only the overlap stretch is scanned, not the whole block.
  const from = segment?.start ?? previous.floor;
  if (isSentenceStart(text, candidate, from)) return candidate;
  const sentences = splitSentencesInRange(text, candidate, previous.end);
  return sentences[1]?.start ?? candidate;
}

function findContainingSegment(segments: readonly Segment[], position: number): Segment | undefined {
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index]!;
    if (segment.start <= position) return segment;
  }
  return undefined;
}

function snapToLineStart(
  text: string,
  at: { candidate: number; segmentStart: number; end: number },
): number | null {
  let back = at.candidate;
  while (back > at.segmentStart) {
    const code = text.charCodeAt(back - 1);
    if (code === 10) return at.candidate;
    if (code !== 32 && code !== 9) break;
    back--;
  }
  if (back === at.segmentStart) return at.candidate;
  let index = at.candidate;
  while (index < at.end && text.charCodeAt(index) !== 10) index++;
  const start = skipWhitespace(text, index, at.end);
  return start < at.end ? start : null;
}
