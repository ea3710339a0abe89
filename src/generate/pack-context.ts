import { estimateTokens, type TokenCounter } from '../core/text/count-tokens.js';
import type { SearchHit } from '../core/types.js';
import type { ContextPassage } from '../providers/spec.js';

export interface PackContextOptions {
  hits: SearchHit[];
  /** Tokens available for passages (the model's window minus prompt, question and answer). */
  budgetTokens: number;
  countTokens?: TokenCounter;
}

export interface PackedContext {
  passages: ContextPassage[];
  tokens: number;
  /** Hits left out because the next one no longer fit. */
  dropped: SearchHit[];
}

/** Per-passage framing (`[n] title — heading\n` + separators) counted against the budget. */
const FRAMING_TOKENS = 12;

/**
 * Tokens one passage takes in the prompt: its header, its text and the framing. The long-context
 * packer (src/eval/pack-long-context.ts) sizes documents with this too, so that what it places
 * here is never cut: counted from chunk.tokens alone, the helpdesk example's 323 packed passages
 * overflowed by ~5k tokens of framing and 62 of them were dropped.
 */
export function passageTokens(
  chunk: Pick<SearchHit['chunk'], 'title' | 'headingPath' | 'text'>,
  count: TokenCounter = estimateTokens,
): number {
  return count(formatPassageHeader(chunk.title, chunk.headingPath)) + count(chunk.text) + FRAMING_TOKENS;
}

/**
 * Fills the budget most-relevant-first with whole chunks: a cut passage can lose the very
 * sentence that answers, and a half-citation is worse than none. A passage that does not fit
 * is skipped and later, smaller ones may still fit.
 */
export function packContext(options: PackContextOptions): PackedContext {
  const count = options.countTokens ?? estimateTokens;
  const passages: ContextPassage[] = [];
  const dropped: SearchHit[] = [];
  let tokens = 0;
  for (const hit of options.hits) {
    const cost = passageTokens(hit.chunk, count);
    if (tokens + cost > options.budgetTokens) {
      dropped.push(hit);
      continue;
    }
    tokens += cost;
    passages.push({ marker: passages.length + 1, chunk: hit.chunk });
  }
  return { passages, tokens, dropped };
}

export function formatPassageHeader(title: string, headingPath: string[]): string {
  const headings = headingPath.filter((heading) => heading !== title);
  return headings.length > 0 ? `${title} — ${headings.join(' › ')}` : title;
}
