import { MAX_MARKER_LENGTH, parseCitationMarkers } from './citation-markers.js';

/**
 * Removes citation markers that point at no passage, from a whole answer or from a stream of
 * deltas — with the same result either way, so that a streamed answer never shows a source the
 * model invented and ends exactly as the non-streamed one would. A marker whose numbers are all
 * valid is kept as written; one with some invalid numbers keeps the valid ones as `[n][m]`; one
 * with none disappears together with the spaces before it ("Also [7]." → "Also.").
 *
 * Streaming holds back only what could still turn out to be a marker: text from an unclosed `[`
 * (at most a few dozen characters), the character after `]` (`[1](url)` is a link), and
 * trailing spaces.
 */
export interface CitationMarkerFilter {
  /** Feeds a delta; returns the text that is now safe to show. */
  push(text: string): string;
  /** Ends the stream; returns whatever was held back. */
  end(): string;
}

const completeMarker = /^\[\s*\d+\s*(?:[-–]\s*\d+\s*)?(?:,\s*\d+\s*(?:[-–]\s*\d+\s*)?)*\]$/;
const markerCharacter = /[\d\s,\-–]/;

export function createCitationMarkerFilter(valid: ReadonlySet<number>): CitationMarkerFilter {
  let spaces = '';
  /** Text from an unclosed `[`, or null outside one. */
  let marker: string | null = null;
  /** The marker's `]` has arrived; the next character decides between marker and link. */
  let closed = false;

  const resolve = (): string => {
    const written = marker ?? '';
    marker = null;
    closed = false;
    if (!completeMarker.test(written)) return emit(written);
    const numbers = parseCitationMarkers(written);
    const kept = numbers.filter((number) => valid.has(number));
    if (kept.length === numbers.length) return emit(written);
    if (kept.length === 0) {
      spaces = '';
      return '';
    }
    return emit(kept.map((number) => `[${number}]`).join(''));
  };

  const emit = (text: string): string => {
    const out = spaces + text;
    spaces = '';
    return out;
  };

  const take = (character: string): string => {
    if (marker !== null) {
      if (closed) {
        if (character === '(') {
          const link = marker + character;
          marker = null;
          closed = false;
          return emit(link);
        }
        return resolve() + take(character);
      }
      if (character === ']') {
        marker += character;
        closed = true;
        return '';
      }
      if (markerCharacter.test(character) && marker.length < MAX_MARKER_LENGTH - 1) {
        marker += character;
        return '';
      }
      // Not a marker after all: show what was held as prose and read this character afresh.
      const prose = marker;
      marker = null;
      return emit(prose) + take(character);
    }
    if (character === '[') {
      marker = character;
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
      let out = '';
      if (marker !== null) out += closed ? resolve() : emit(marker);
      marker = null;
      closed = false;
      return out + emit('');
    },
  };
}

/** The whole-answer form: what a streamed answer adds up to. */
export function removeInvalidMarkers(answer: string, valid: ReadonlySet<number>): string {
  const filter = createCitationMarkerFilter(valid);
  return filter.push(answer) + filter.end();
}
