import {
  analyze,
  forEachTerm,
  isLanguage,
  type Language,
  languageCode,
  lowerCase,
  segmentedLanguages,
  segmentWords,
} from '../analyze/index.js';

export interface Snippet {
  /** A window of the passage, whitespace collapsed, with "…" where it was cut. */
  text: string;
  /** Where the query's terms stand in `text` (the words BM25 matched, stemmed forms included). */
  highlights: { start: number; end: number }[];
}

export interface FindSnippetOptions {
  /** Longest window, not counting the ellipses. Default 220. */
  maxChars?: number;
  /**
   * The language the passage was analyzed in (its chunk's `language`, else `retrieve.language`),
   * so that matches are the words BM25 matched. Default english; `auto` without a known language
   * reads words as written.
   */
  language?: string | undefined;
}

function passageLanguage(language: string | undefined): Language {
  if (language === undefined) return 'english';
  return isLanguage(language) ? language : 'none';
}

/**
 * The part of a passage that shows why it matched: the window holding the most distinct query
 * terms, found with the same analyzer the index uses, so "refunded" lights up for "refund".
 * With no term in the passage (a dense hit), it is the passage's start.
 */
export function findSnippet(text: string, query: string, options: FindSnippetOptions = {}): Snippet {
  const maxChars = options.maxChars ?? 220;
  const flat = readableText(text);
  const language = passageLanguage(options.language);
  const wanted = new Set(analyze(query, language));
  const matches: { term: string; start: number; end: number }[] = [];
  // Offsets are only trusted when lower-casing kept the length (it does for all but a few letters).
  if (wanted.size > 0 && lowerCase(flat, language).length === flat.length) {
    forEachTerm(flat, language, (term, start, end) => {
      if (wanted.has(term)) matches.push({ term, start, end });
    });
  }
  if (flat.length <= maxChars)
    return { text: flat, highlights: matches.map(({ start, end }) => ({ start, end })) };

  let from = 0;
  let bestTerms = 0;
  for (const [i, first] of matches.entries()) {
    const terms = new Set<string>();
    for (const match of matches.slice(i)) {
      if (match.end > first.start + maxChars) break;
      terms.add(match.term);
    }
    if (terms.size > bestTerms) {
      bestTerms = terms.size;
      from = first.start;
    }
  }
  // A little context before the first match, starting on a word.
  const cuts = wordCuts(flat, language);
  if (from > 0) {
    const lead = Math.max(0, from - Math.floor(maxChars / 5));
    const start = cuts.firstStartFrom(lead);
    from = start !== -1 && start < from ? start : from;
  }
  let to = Math.min(flat.length, from + maxChars);
  if (to < flat.length) {
    const end = cuts.lastEndBefore(to);
    if (end > from) to = end;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < flat.length ? '…' : '';
  return {
    text: `${prefix}${flat.slice(from, to)}${suffix}`,
    highlights: matches
      .filter((match) => match.start >= from && match.end <= to)
      .map((match) => ({ start: match.start - from + prefix.length, end: match.end - from + prefix.length })),
  };
}

/**
 * Where a window may start and end without cutting a word: at spaces, or, in scripts written
 * without them (Thai, Lao, Khmer, Burmese, CJK), at the word segmenter's boundaries.
 */
function wordCuts(
  text: string,
  language: Language,
): { firstStartFrom: (at: number) => number; lastEndBefore: (at: number) => number } {
  if ((segmentedLanguages as readonly string[]).includes(language)) {
    const words = segmentWords(text, languageCode(language) ?? 'en');
    return {
      firstStartFrom: (at) => words.find((word) => word.start >= at)?.start ?? -1,
      lastEndBefore: (at) => words.findLast((word) => word.end <= at)?.end ?? -1,
    };
  }
  return {
    firstStartFrom: (at) => {
      const space = text.indexOf(' ', at);
      return space === -1 ? -1 : space + 1;
    },
    lastEndBefore: (at) => text.lastIndexOf(' ', at),
  };
}

/**
 * Passages are stored as written (Markdown mostly); a snippet is read, so link targets,
 * emphasis markers, heading marks and table rules go, and whitespace collapses.
 */
function readableText(text: string): string {
  return text
    .replace(/^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$/gm, ' ')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!?\[([^\]\n]*)\]\([^)\s]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The snippet with its highlights wrapped: between `open` and `close`, or by a function such as
 * a terminal colour's (picocolors' `bold`).
 */
export function markSnippet(
  snippet: Snippet,
  open: string | ((highlight: string) => string),
  close = '',
): string {
  const mark = typeof open === 'function' ? open : (highlight: string) => open + highlight + close;
  let out = '';
  let at = 0;
  for (const { start, end } of snippet.highlights) {
    out += snippet.text.slice(at, start) + mark(snippet.text.slice(start, end));
    at = end;
  }
  return out + snippet.text.slice(at);
}
