import { MAX_MARKER_LENGTH, parseCitationMarkers } from './citation-markers.js';

/**
 * Removes citation markers that point at no passage, from a whole answer or from a stream of
 * deltas — with the same result either way, so that a streamed answer never shows a source the
 * model invented and ends exactly as the non-streamed one would. A marker whose numbers are all
 * valid is kept as written; one with some invalid numbers keeps the valid ones as `[n][m]`; one
 * with none disappears together with the spaces before it ("Also [7]." → "Also.").
 *
 * A removed marker vanishes as if never written, so brackets around it are read again as one:
 * "[7[9]]" becomes "[7]" once "[9]" goes, and that is removed too (fast-check found "[7[9]]"
 * shown as "[7]" when "[7" had already been let through as prose; seed 46196409).
 *
 * Streaming holds back only what could still turn out to be a marker: text from an unclosed `[`
 * (at most a few dozen characters; brackets opened inside it are held with it, up to
 * {@link MAX_HELD_LENGTH}), the character after `]` (`[1](url)` is a link), and trailing spaces.
 */
export interface CitationMarkerFilter {
  /** Feeds a delta; returns the text that is now safe to show. */
  push(text: string): string;
  /** Ends the stream; returns whatever was held back. */
  end(): string;
}

/**
 * Brackets nested inside an unclosed one are held up to this many characters in all. Only text made
 * of brackets, digits, commas, dashes and spaces nests; past this (four times the longest marker)
 * the held text is shown as prose, so a deeper nest of invented markers could still close into one.
 */
export const MAX_HELD_LENGTH = 4 * MAX_MARKER_LENGTH;

const completeMarker = /^\[\s*\d+\s*(?:[-–]\s*\d+\s*)?(?:,\s*\d+\s*(?:[-–]\s*\d+\s*)?)*\]$/;
const markerCharacter = /[\d\s,\-–]/;
const trailingSpaces = /[ \t]+$/;

export function createCitationMarkerFilter(valid: ReadonlySet<number>): CitationMarkerFilter {
  let spaces = '';
  /** Unclosed brackets, outermost first: each holds its text from `[`, without removed markers. */
  let open: string[] = [];
  /** The innermost bracket's `]` has arrived; the next character decides between marker and link. */
  let closed = false;

  const emit = (text: string): string => {
    const out = spaces + text;
    spaces = '';
    return out;
  };

  /** Shows everything held as prose, followed by `text`. */
  const release = (text = ''): string => {
    const held = open.join('');
    open = [];
    closed = false;
    return emit(held + text);
  };

  const heldLength = (): number => open.reduce((length, text) => length + text.length, 0);

  /** Decides the innermost bracket, which has just closed. */
  const resolve = (): string => {
    const written = open.pop() ?? '';
    closed = false;
    if (!completeMarker.test(written)) return release(written);
    const numbers = parseCitationMarkers(written);
    const kept = numbers.filter((number) => valid.has(number));
    if (kept.length === numbers.length) return release(written);
    if (kept.length > 0) return release(kept.map((number) => `[${number}]`).join(''));
    const outer = open.pop();
    if (outer === undefined) {
      spaces = '';
      return '';
    }
    // The enclosing bracket goes on as if the marker had never been there, minus the spaces before it.
    open.push(outer.replace(trailingSpaces, ''));
    return '';
  };

  const takeInside = (character: string, innermost: string): string => {
    if (closed) return character === '(' ? release(character) : resolve() + take(character);
    if (character === ']') {
      open[open.length - 1] = innermost + character;
      closed = true;
      return '';
    }
    if (character === '[') {
      const out = heldLength() + 1 > MAX_HELD_LENGTH ? release() : '';
      open.push(character);
      return out;
    }
    if (markerCharacter.test(character) && innermost.length < MAX_MARKER_LENGTH - 1) {
      open[open.length - 1] = innermost + character;
      return '';
    }
    // Not a marker after all: show what was held as prose and read this character afresh.
    return release() + take(character);
  };

  const take = (character: string): string => {
    const innermost = open.at(-1);
    if (innermost !== undefined) return takeInside(character, innermost);
    if (character === '[') {
      open.push(character);
      return '';
    }
    if (character === ' ' || character === '\t') {
      spaces += character;
      return '';
    }
    return emit(character);
  };

  return {
    push(text) {
      let out = '';
      for (const character of text) out += take(character);
      return out;
    },
    end() {
      const out = closed ? resolve() : '';
      return out + release();
    },
  };
}

/** The whole-answer form: what a streamed answer adds up to. */
export function removeInvalidMarkers(answer: string, valid: ReadonlySet<number>): string {
  const filter = createCitationMarkerFilter(valid);
  return filter.push(answer) + filter.end();
}
