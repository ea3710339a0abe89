import { cleanHeading } from '../core/text/clean-heading.js';
import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import { findOverlap, type Overlap, type PreviousChunk } from './find-overlap.js';
import { type Block, parseBlocks } from './parse-blocks.js';
import { type Segment, splitSegment } from './split-segment.js';

/** One chunk's place in the text, before it becomes a `Chunk`. */
export interface ChunkSpan {
  start: number;
  end: number;
  tokens: number;
  headingPath: string[];
}

export interface PackOptions {
  maxTokens: number;
  /** Already clamped below `maxTokens`. */
  overlapTokens: number;
  countTokens: TokenCounter;
}

interface Draft {
  segments: Segment[];
  /** How many of `segments`, from the front, are the headings the chunk opens with. */
  headingCount: number;
  overlap: Overlap | null;
  /** Sum of the parts' counts: exact for an additive counter when no two parts touch. */
  tokens: number;
  /** Some part starts right where the one before it ends (a token cut into pieces). */
  touching: boolean;
}

/**
 * Packs a text's blocks into chunk spans of at most `maxTokens`: every heading starts a new
 * chunk and stays with what follows it; blocks that fit are never cut; a block too large is cut
 * at its finest needed boundary (lines, items, sentences, words, characters); a chunk that
 * continues a section repeats up to `overlapTokens` of the one before. Each block is counted
 * once; chunks are recounted only when the counter is not known to be additive.
 */
export function packChunks(text: string, options: PackOptions): ChunkSpan[] {
  return new ChunkPacker(text, options).pack();
}

class ChunkPacker {
  private readonly spans: ChunkSpan[] = [];
  private readonly headings: Array<{ level: number; title: string }> = [];
  /** Segments waiting to be placed; the last one is next. */
  private readonly queue: Segment[] = [];
  private draft: Draft = emptyDraft();
  private previous: PreviousChunk | null = null;
  private overlapPending = false;
  /**
   * The default estimate counts whitespace-separated text as the sum of its parts, so a chunk's
   * count is the sum of its segments' and the chunk text need not be counted a second time.
   */
  private readonly additive: boolean;

  constructor(
    private readonly text: string,
    private readonly options: PackOptions,
  ) {
    this.additive = options.countTokens === estimateTokens;
  }

  pack(): ChunkSpan[] {
    for (const block of parseBlocks(this.text)) {
      if (block.kind === 'heading') this.addHeading(block);
      else {
        this.queueBlock(block);
        this.drain();
      }
    }
    this.closeSection();
    return this.spans;
  }

  private toSegment(block: Block): Segment {
    const tokens = this.options.countTokens(this.text.slice(block.start, block.end));
    return { start: block.start, end: block.end, tokens, kind: block.kind, level: 'block' };
  }

  /**
   * Queues a content block. A long one is counted by its items, lines or sentences instead of
   * whole: with an additive counter their sum is the block's count, and if the block turns out
   * too large those parts are what it gets cut into anyway, so no text is counted twice.
   */
  private queueBlock(block: Block): void {
    const { maxTokens } = this.options;
    if (this.additive && block.end - block.start > maxTokens * 4) {
      const whole: Segment = {
        start: block.start,
        end: block.end,
        tokens: 0,
        kind: block.kind,
        level: 'block',
      };
      const parts = splitSegment(this.text, whole, { ...this.options, coarseOnly: true });
      if (parts.length > 1) {
        let tokens = 0;
        for (const part of parts) tokens += part.tokens;
        if (tokens <= maxTokens) this.queue.push({ ...whole, tokens });
        else for (let index = parts.length - 1; index >= 0; index--) this.queue.push(parts[index]!);
        return;
      }
    }
    this.queue.push(this.toSegment(block));
  }

  private addHeading(block: Block & { kind: 'heading' }): void {
    const draft = this.draft;
    const segment = this.toSegment(block);
    const { maxTokens } = this.options;
    const oversize = segment.tokens > maxTokens;
    const hasContent = draft.segments.length > draft.headingCount || draft.overlap !== null;
    // Close before the heading stack changes, so the closed chunk keeps its own heading path.
    if (hasContent || oversize || draft.tokens + segment.tokens > maxTokens) this.closeSection();
    this.overlapPending = false;
    while (this.headings.length > 0 && this.headings[this.headings.length - 1]!.level >= block.level) {
      this.headings.pop();
    }
    this.headings.push({ level: block.level, title: cleanHeading(block.title) });
    if (oversize) {
      // A heading larger than a chunk cannot be glued to anything: it is cut like prose.
      this.queue.push(segment);
      this.drain();
      return;
    }
    this.add(segment);
    this.draft.headingCount++;
  }

  /** Emits everything drafted, with no overlap into what follows (a new section starts). */
  private closeSection(): void {
    while (this.draft.segments.length > 0) {
      this.flush(false);
      this.drain();
    }
    this.overlapPending = false;
  }

  private drain(): void {
    for (let segment = this.queue.pop(); segment !== undefined; segment = this.queue.pop())
      this.place(segment);
  }

  private place(segment: Segment): void {
    const { maxTokens } = this.options;
    if (segment.tokens > maxTokens && this.pushSplit(segment)) return;
    const draft = this.draft;
    if (draft.segments.length === 0) {
      this.start(segment);
      return;
    }
    if (draft.tokens + segment.tokens <= maxTokens) {
      this.add(segment);
      return;
    }
    // A heading is never left alone at the end of a chunk: cut what follows to fill the room.
    if (draft.segments.length === draft.headingCount && this.pushSplit(segment)) return;
    this.queue.push(segment);
    this.flush(true);
  }

  /** Queues the segment's finer parts in its place; false when it cannot be cut. */
  private pushSplit(segment: Segment): boolean {
    const parts = splitSegment(this.text, segment, this.options);
    if (parts.length < 2) return false;
    for (let index = parts.length - 1; index >= 0; index--) this.queue.push(parts[index]!);
    return true;
  }

  private start(segment: Segment): void {
    if (this.overlapPending && this.previous !== null) {
      const budget = Math.min(this.options.overlapTokens, this.options.maxTokens - segment.tokens);
      const overlap = findOverlap(this.text, this.previous, {
        budget,
        countTokens: this.options.countTokens,
      });
      if (overlap !== null) {
        this.draft.overlap = overlap;
        this.draft.tokens = overlap.tokens;
      }
    }
    this.overlapPending = false;
    this.add(segment);
  }

  private add(segment: Segment): void {
    const draft = this.draft;
    const before = draft.segments[draft.segments.length - 1];
    const touchedEnd = before?.end ?? this.previous?.end;
    if (touchedEnd === segment.start && (before !== undefined || draft.overlap !== null))
      draft.touching = true;
    draft.segments.push(segment);
    draft.tokens += segment.tokens;
  }

  /**
   * Emits the draft. With a counter that is not additive the real count can exceed the sum, so
   * the draft sheds its overlap, then its last parts (queued again), until it fits.
   */
  private flush(withOverlap: boolean): void {
    const draft = this.draft;
    const { maxTokens } = this.options;
    let tokens = this.measure();
    while (tokens > maxTokens) {
      if (draft.overlap !== null) {
        draft.tokens -= draft.overlap.tokens;
        draft.overlap = null;
      } else if (draft.segments.length - draft.headingCount > 1) {
        const last = draft.segments.pop()!;
        draft.tokens -= last.tokens;
        this.queue.push(last);
      } else {
        const last = draft.segments.pop()!;
        draft.tokens -= last.tokens;
        const parts = draft.segments.length === 0 ? [] : splitSegment(this.text, last, this.options);
        if (parts.length >= 2) {
          for (let index = parts.length - 1; index >= 1; index--) this.queue.push(parts[index]!);
          draft.segments.push(parts[0]!);
          draft.tokens += parts[0]!.tokens;
          draft.headingCount = Math.min(draft.headingCount, draft.segments.length - 1);
        } else if (draft.segments.length > 0) {
          // Not even the smallest part fits beside the headings: they have to stand alone.
          this.queue.push(last);
          draft.headingCount = Math.min(draft.headingCount, draft.segments.length);
        } else {
          draft.segments.push(last);
          draft.tokens += last.tokens;
          break; // one character over budget: nothing smaller exists
        }
      }
      tokens = this.measure();
    }
    const first = draft.segments[0]!;
    const last = draft.segments[draft.segments.length - 1]!;
    const start = draft.overlap?.start ?? first.start;
    this.spans.push({
      start,
      end: last.end,
      tokens,
      // A heading of nothing but a badge or an image link has no words to show.
      headingPath: this.headings.map((heading) => heading.title).filter((title) => title !== ''),
    });
    const floor = draft.headingCount > 0 ? draft.segments[draft.headingCount - 1]!.end : start;
    this.previous = { start, end: last.end, floor, segments: draft.segments };
    this.overlapPending = withOverlap;
    this.draft = emptyDraft();
  }

  private measure(): number {
    const draft = this.draft;
    if (this.additive && !draft.touching) return draft.tokens;
    const start = draft.overlap?.start ?? draft.segments[0]!.start;
    const end = draft.segments[draft.segments.length - 1]!.end;
    return this.options.countTokens(this.text.slice(start, end));
  }
}

function emptyDraft(): Draft {
  return { segments: [], headingCount: 0, overlap: null, tokens: 0, touching: false };
}
