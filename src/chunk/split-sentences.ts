import { isListMarker } from './parse-blocks.js';
import { isWhitespaceCode, skipWhitespace, trimEndIndex } from './whitespace.js';

/** A half-open range of offsets into a text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Titles that are never the last word of a sentence ("Dr. Smith"). */
const titles = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'rev',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'hon',
  'gov',
  'sen',
  'rep',
]);

/** Abbreviations that introduce more of the same sentence ("cf. Smith", "et al. (2020)"). */
const continuing = new Set(['vs', 'cf', 'al', 'viz', 'approx', 'ca', 'resp', 'incl', 'excl', 'esp', 'ibid']);

/** Abbreviations that end a sentence unless a number follows ("see Fig. 3", "No. 5"). */
const beforeNumber = new Set([
  'no',
  'nos',
  'fig',
  'figs',
  'eq',
  'eqs',
  'p',
  'pp',
  'vol',
  'vols',
  'ch',
  'chap',
  'sec',
  'art',
  'ref',
  'refs',
  'tab',
  'ver',
  'v',
  'op',
]);

/** Single letters separated by dots: "e.g", "i.e", "U.S", "p.m". */
const dottedAbbreviation = /^(?:\p{L}\.)+\p{L}$/u;
const letterPattern = /\p{L}/u;
const lowercasePattern = /\p{Ll}/u;

/**
 * Sentence boundaries as trimmed spans covering every non-white-space character of `text`.
 * A sentence ends at `.`, `!`, `?` or `…` (plus closing quotes and brackets) followed by white
 * space and a word that does not start in lower case, unless the word before the period is an
 * abbreviation ("e.g.", "Dr.", "Fig. 3") or an initial; a period inside a token ("3.5", "v1.2.3",
 * "example.com") never ends one. CJK full stops end a sentence without a space; a blank line, or
 * a line that starts a list item, heading or table row, always does.
 */
export function splitSentences(text: string): TextSpan[] {
  return splitSentencesInRange(text, 0, text.length);
}

/** `splitSentences` over `text.slice(from, to)`, with offsets into the whole `text`. */
export function splitSentencesInRange(text: string, from: number, to: number): TextSpan[] {
  const spans: TextSpan[] = [];
  let sentenceStart = skipWhitespace(text, from, to);
  let index = sentenceStart;
  while (index < to) {
    const code = text.charCodeAt(index);
    if (isTerminator(code)) {
      let after = index + 1;
      while (after < to && isTerminator(text.charCodeAt(after))) after++;
      const runLength = after - index;
      while (after < to && isCloser(text.charCodeAt(after))) after++;
      if (after >= to) break;
      if (isWhitespaceCode(text.charCodeAt(after))) {
        const next = skipWhitespace(text, after, to);
        if (next >= to) break;
        if (endsSentence(text, { sentenceStart, terminator: index, runLength, next })) {
          spans.push({ start: sentenceStart, end: after });
          sentenceStart = next;
          index = next;
          continue;
        }
      }
      // Not a boundary: carry on from the white space so that a blank line after it still counts.
      index = after;
      continue;
    }
    if (isFullWidthTerminator(code)) {
      let after = index + 1;
      while (
        after < to &&
        (isFullWidthTerminator(text.charCodeAt(after)) || isCloser(text.charCodeAt(after)))
      ) {
        after++;
      }
      const next = skipWhitespace(text, after, to);
      if (next >= to) break;
      spans.push({ start: sentenceStart, end: after });
      sentenceStart = next;
      index = next;
      continue;
    }
    if (code === 10) {
      const next = skipWhitespace(text, index + 1, to);
      if (next >= to) break;
      if (hasBlankLine(text, index + 1, next) || startsLineItem(text, next, to)) {
        spans.push({ start: sentenceStart, end: trimEndIndex(text, sentenceStart, index) });
        sentenceStart = next;
      }
      index = next;
      continue;
    }
    index++;
  }
  const end = trimEndIndex(text, sentenceStart, to);
  if (end > sentenceStart) spans.push({ start: sentenceStart, end });
  return spans;
}

/**
 * Whether a sentence starts at `position` (a non-white-space character), judged from the text
 * before it back to `from`, a position known to start a sentence. Agrees with
 * `splitSentencesInRange(text, from, …)` without scanning everything from `from`.
 */
export function isSentenceStart(text: string, position: number, from: number): boolean {
  let before = position;
  let newlines = 0;
  while (before > from && isWhitespaceCode(text.charCodeAt(before - 1))) {
    if (text.charCodeAt(before - 1) === 10) newlines++;
    before--;
  }
  if (before <= from) return true;
  if (newlines > 1 || (newlines === 1 && startsLineItem(text, position, text.length))) return true;
  let runEnd = before;
  while (runEnd > from && isCloser(text.charCodeAt(runEnd - 1))) runEnd--;
  if (runEnd > from && isFullWidthTerminator(text.charCodeAt(runEnd - 1))) return true;
  if (before === position) return false;
  let runStart = runEnd;
  while (runStart > from && isTerminator(text.charCodeAt(runStart - 1))) runStart--;
  if (runStart === runEnd) return false;
  return endsSentence(text, {
    sentenceStart: from,
    terminator: runStart,
    runLength: runEnd - runStart,
    next: position,
  });
}

function endsSentence(
  text: string,
  at: { sentenceStart: number; terminator: number; runLength: number; next: number },
): boolean {
  const nextCode = text.charCodeAt(at.next);
  if (isLowercase(text, at.next, nextCode)) return false;
  if (text.charCodeAt(at.terminator) !== 46 || at.runLength > 1) return true;
  let wordStart = at.terminator;
  while (wordStart > at.sentenceStart && isLetterOrDot(text, wordStart - 1)) wordStart--;
  if (wordStart === at.terminator) return true;
  const word = text.slice(wordStart, at.terminator);
  if (word.length === 1) {
    // An initial ("J. Smith") or a numbered letter before a number ("p. 4").
    return !(isUppercaseLetter(word) || (beforeNumber.has(word) && isDigitCode(nextCode)));
  }
  if (dottedAbbreviation.test(word)) {
    // "e.g." and "i.e." always introduce more; capitals ("U.S.") mostly name something that
    // follows ("U.S. Army"); lower case ("p.m.", "a.m.") before a capital mostly ends a sentence.
    const lower = word.toLowerCase();
    return !(lower === 'e.g' || lower === 'i.e' || word === word.toUpperCase());
  }
  const lower = word.toLowerCase();
  if (titles.has(lower) || continuing.has(lower)) return false;
  if (beforeNumber.has(lower) && isDigitCode(nextCode)) return false;
  return true;
}

function isTerminator(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 0x2026;
}

function isFullWidthTerminator(code: number): boolean {
  return code === 0x3002 || code === 0xff01 || code === 0xff1f;
}

/** Closing quotes, brackets and emphasis marks that belong to the sentence they follow. */
function isCloser(code: number): boolean {
  return (
    code === 41 || // )
    code === 93 || // ]
    code === 125 || // }
    code === 34 || // "
    code === 39 || // '
    code === 42 || // *
    code === 95 || // _
    code === 96 || // `
    code === 0x201d || // ”
    code === 0x2019 || // ’
    code === 0xbb // »
  );
}

function hasBlankLine(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (text.charCodeAt(index) === 10) return true;
  return false;
}

function startsLineItem(text: string, first: number, to: number): boolean {
  const code = text.charCodeAt(first);
  return code === 35 || code === 124 || isListMarker(text, first, to);
}

function isLetterOrDot(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code === 46) return true;
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return letterPattern.test(text[index] ?? '');
}

function isLowercase(text: string, index: number, code: number): boolean {
  if (code < 128) return code >= 97 && code <= 122;
  return lowercasePattern.test(String.fromCodePoint(text.codePointAt(index) ?? code));
}

function isUppercaseLetter(word: string): boolean {
  return word !== word.toLowerCase() && word === word.toUpperCase();
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}
