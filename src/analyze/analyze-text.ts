import { hasStemmer, type Language } from '../core/languages.js';
import { foldLatin, foldLetters, normalizeScript } from './normalize-word.js';
import { forEachSegmentedWord, type SegmentedScript, segmentedScriptOf } from './segment-words.js';
import { stemmerFor } from './stemmers.js';
import { isStopWord, stopWordsFor } from './stop-words.js';

/**
 * The analyzer in front of BM25: a text becomes index terms, the same way for documents and
 * queries in every index store. Words are runs of letters and digits (a possessive 's falls
 * away as the stop word "s"), lower-cased (Turkish with its dotted and dotless i), normalized
 * for their script, stop words dropped, stemmed, and folded (Latin accents, Arabic letter
 * variants; see normalize-word.ts). Thai, Lao, Khmer and Myanmar runs are split into words by
 * ICU's dictionaries; runs of Han, kana or Hangul become overlapping character pairs.
 *
 * English is the pipeline that won SciFact and stays exactly as it was: NLTK's stop words, Latin
 * folding, then Porter's original algorithm on plain a–z words — the stemmer of Lucene's English
 * analyzer, which the published BM25 baselines (Pyserini, BEIR) use. LanceDB stems with Snowball
 * (Porter2), which on SciFact costs 0.7 points of Recall@100 against Porter at the same BM25
 * parameters (0.9209 vs 0.9276). `none` keeps words as written (lower-cased, Latin folded).
 *
 * LanceDB (or any store) still holds the postings and does the scoring: it receives analyzed
 * terms and splits them on spaces. Documents and queries must go through this one analyzer
 * with the same language, or their terms stop meeting.
 */

/** Longer tokens are hashes, base64 and URLs run together: LanceDB's own tokenizer dropped them too. */
const MAX_TERM_LENGTH = 40;

/**
 * Word → term (or '' when dropped) is memoised per language: a corpus repeats a small vocabulary
 * millions of times, so the hot path is one scan and one lookup per word. The cap bounds memory
 * on corpora full of unique tokens (ids, hashes); clearing is cheaper than an LRU here.
 */
const TERM_CACHE_LIMIT = 200_000;
const termCaches = new Map<Language, Map<string, string>>();

function analyzeEnglishWord(word: string): string {
  if (stopWordsFor('english').has(word)) return '';
  const folded = foldLatin(word);
  if (folded.length > MAX_TERM_LENGTH) return '';
  // Porter's rules are written for English letters; numbers, codes and other scripts pass unchanged.
  return /^[a-z]{3,}$/.test(folded) ? (stemmerFor('english') as (word: string) => string)(folded) : folded;
}

/**
 * Every other language: script normalisation, Snowball stemming, stop words (the written or
 * the stemmed form, as the language's list works best: see stop-words.ts), folding.
 */
function analyzeWord(word: string, language: Language): string {
  if (language === 'english') return analyzeEnglishWord(word);
  if (language === 'none') {
    const folded = foldLatin(word);
    return folded.length > MAX_TERM_LENGTH ? '' : folded;
  }
  const normalized = normalizeScript(word);
  const stem = hasStemmer(language) ? stemmerFor(language) : undefined;
  const stemmed = stem ? stem(normalized) : normalized;
  if (isStopWord(language, normalized, stemmed)) return '';
  const term = foldLetters(stemmed);
  return term.length > MAX_TERM_LENGTH || term.length === 0 ? '' : term;
}

/**
 * V8 may return longer pieces of a split as slices that keep the whole source text alive;
 * cached as they are, long-lived keys could pin whole chunk texts. The cache keeps copies
 * (only on a miss, so the cost is per distinct word).
 */
function ownCopy(word: string): string {
  return word.length < 13 ? word : Buffer.from(word, 'utf8').toString('utf8');
}

function termOf(word: string, language: Language): string {
  let terms = termCaches.get(language);
  if (!terms) {
    terms = new Map();
    termCaches.set(language, terms);
  }
  let term = terms.get(word);
  if (term === undefined) {
    const key = ownCopy(word);
    term = analyzeWord(key, language);
    if (terms.size >= TERM_CACHE_LIMIT) terms.clear();
    terms.set(key, term);
  }
  return term;
}

const SEPARATOR = 0;
const WORD = 1;
/** Han, kana and Hangul: written without spaces between words, so indexed as character bigrams. */
const IDEOGRAPHIC = 2;
/** Combining marks belong to the letter before them (Devanagari vowel signs); alone they separate. */
const MARK = 3;
/** Thai, Lao, Khmer, Myanmar: written without spaces, segmented into words by dictionary. */
const SEGMENTED = 4;
type CharacterClass = typeof SEPARATOR | typeof WORD | typeof IDEOGRAPHIC | typeof MARK | typeof SEGMENTED;

const nonAsciiClasses = new Map<number, CharacterClass>();

function classOf(codePoint: number): CharacterClass {
  // ASCII first: nearly every character of an English corpus ends here.
  if (codePoint < 0x80) {
    return (codePoint >= 0x61 && codePoint <= 0x7a) || (codePoint >= 0x30 && codePoint <= 0x39)
      ? WORD
      : SEPARATOR;
  }
  let known = nonAsciiClasses.get(codePoint);
  if (known === undefined) {
    const character = String.fromCodePoint(codePoint);
    known =
      segmentedScriptOf(codePoint) !== undefined && /[\p{L}\p{M}\p{N}]/u.test(character)
        ? SEGMENTED
        : /(?=\p{L})[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(character)
          ? IDEOGRAPHIC
          : /[\p{L}\p{N}]/u.test(character)
            ? WORD
            : /\p{M}/u.test(character)
              ? MARK
              : SEPARATOR;
    nonAsciiClasses.set(codePoint, known);
  }
  return known;
}

/** A combining mark continues the word or segmented run it follows; anywhere else it separates. */
function markClass(runClass: CharacterClass): CharacterClass {
  return runClass === WORD || runClass === SEGMENTED ? runClass : SEPARATOR;
}

/** Overlapping pairs, as Lucene's CJK analyzer indexes them: 東京都 → 東京 京都; one character stays one term. */
function visitBigrams(
  lower: string,
  start: number,
  end: number,
  visit: (term: string, start: number, end: number) => void,
): void {
  const offsets: number[] = [];
  for (let i = start; i < end; i += (lower.codePointAt(i) as number) > 0xffff ? 2 : 1) offsets.push(i);
  offsets.push(end);
  if (offsets.length === 2) {
    visit(lower.slice(start, end), start, end);
    return;
  }
  for (let k = 0; k + 2 < offsets.length; k++) {
    const from = offsets[k] as number;
    const to = offsets[k + 2] as number;
    visit(lower.slice(from, to), from, to);
  }
}

/** Lower-casing fit for the language: Turkish and Azeri i's differ from everyone else's. */
export function lowerCase(text: string, language: Language): string {
  return language === 'turkish' ? text.toLocaleLowerCase('tr') : text.toLowerCase();
}

/**
 * Calls `visit` with each index term of a text, in order, repeats kept (BM25 counts them), and
 * where it stands in the lower-cased text (`lowerCase(text, language)`) — the same offsets as in
 * `text` unless lower-casing changed the length (a handful of letters such as "İ"). A
 * hand-written scanner rather than a split: it is a third faster on English text, and it sees
 * where a run of ideographs or of Thai starts.
 */
export function forEachTerm(
  text: string,
  language: Language,
  visit: (term: string, start: number, end: number) => void,
): void {
  const lower = lowerCase(text, language);
  let start = -1;
  let runClass: CharacterClass = SEPARATOR;
  let runScript: SegmentedScript | undefined;
  for (let i = 0; i <= lower.length; ) {
    const codePoint = i < lower.length ? (lower.codePointAt(i) as number) : 0x20;
    const found = classOf(codePoint);
    const characterClass: CharacterClass = found === MARK ? markClass(runClass) : found;
    const script = characterClass === SEGMENTED ? (segmentedScriptOf(codePoint) ?? runScript) : undefined;
    if (characterClass !== runClass || script !== runScript) {
      if (runClass === WORD) {
        const term = termOf(lower.slice(start, i), language);
        if (term !== '') visit(term, start, i);
      } else if (runClass === IDEOGRAPHIC) {
        visitBigrams(lower, start, i, visit);
      } else if (runClass === SEGMENTED && runScript !== undefined) {
        forEachSegmentedWord(lower, start, i, runScript, (word, from, to) => {
          if (word.length <= MAX_TERM_LENGTH) visit(word, from, to);
        });
      }
      start = i;
      runClass = characterClass;
      runScript = script;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
}

/** The index terms of a text, in order, repeats kept: `analyze(text, language) → terms`. */
export function analyze(text: string, language: Language): string[] {
  const out: string[] = [];
  forEachTerm(text, language, (term) => {
    out.push(term);
  });
  return out;
}
