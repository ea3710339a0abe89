import { stemmer } from 'stemmer';

/**
 * The analyzer in front of LanceDB's BM25: words are runs of letters and digits (a possessive 's
 * falls away as the stop word "s"), lower-cased, Latin accents folded so that "cafe" finds
 * "café", English stop words dropped, and stemmed with Porter's original algorithm — the stemmer
 * of Lucene's English analyzer, which the published BM25 baselines (Pyserini, BEIR) use. Runs of
 * Han, kana or Hangul become overlapping character pairs. `retrieve.language: none` keeps words
 * as written (no stop words, no stemming).
 *
 * Why here and not in LanceDB's tokenizer: LanceDB stems with Snowball (Porter2), which on
 * SciFact costs 0.7 points of Recall@100 against Porter at the same BM25 parameters (0.9209 vs
 * 0.9276). The stop words are the list LanceDB applied before (NLTK's English list); Lucene's
 * shorter list keeps "how", "do", "have", which match everything in questions. LanceDB still
 * holds the postings and does the scoring; it receives analyzed terms and splits them on spaces.
 * Documents and queries must go through this one function, or their terms stop meeting.
 */

/** NLTK's English stop words, the list LanceDB's English tokenizer removes; apostrophe forms are split already. */
const stopWords = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her ' +
    'hers herself it its itself they them their theirs themselves what which who whom this that these ' +
    'those am is are was were be been being have has had having do does did doing a an the and but if or ' +
    'because as until while of at by for with about against between into through during before after ' +
    'above below to from up down in out on off over under again further then once here there when where ' +
    'why how all any both each few more most other some such no nor not only own same so than too very s ' +
    't can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma ' +
    'mightn mustn needn shan shouldn wasn weren won wouldn'
  ).split(' '),
);

/** Longer tokens are hashes, base64 and URLs run together: LanceDB's own tokenizer dropped them too. */
const MAX_TERM_LENGTH = 40;

/**
 * Word → term (or '' when dropped) is memoised: a corpus repeats a small vocabulary millions of
 * times, so the hot path is one scan and one lookup per word. The cap bounds memory on corpora
 * full of unique tokens (ids, hashes); clearing is cheaper than an LRU here.
 */
const TERM_CACHE_LIMIT = 200_000;
const termCaches: Record<SearchLanguage, Map<string, string>> = { english: new Map(), none: new Map() };

/**
 * `english`: stop words dropped and Porter stemming. `none`: words as written (lower-cased,
 * accents folded), for corpora in other languages, where English stemming and stop words would
 * only get in the way. Documents and queries must be analyzed with the same one.
 */
export const searchLanguages = ['english', 'none'] as const;
export type SearchLanguage = (typeof searchLanguages)[number];

/** Ligatures and letters that Unicode decomposition leaves alone but readers type in ASCII. */
const latinLetters: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

function foldLatin(word: string): string {
  if (!/[\u0080-\uffff]/.test(word)) return word;
  const folded = word
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .replace(/[ßæœøđłþı]/g, (letter) => latinLetters[letter] ?? letter)
    .normalize('NFC');
  // Compatibility decomposition can bring in separators ("½" → "1⁄2"); a term must stay one word.
  return /^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u.test(folded) ? folded : word;
}

function analyzeWord(word: string, language: SearchLanguage): string {
  if (language === 'english' && stopWords.has(word)) return '';
  const folded = foldLatin(word);
  if (folded.length > MAX_TERM_LENGTH) return '';
  // Porter's rules are written for English letters; numbers, codes and other scripts pass unchanged.
  return language === 'english' && /^[a-z]{3,}$/.test(folded) ? stemmer(folded) : folded;
}

/**
 * V8 may return longer pieces of a split as slices that keep the whole source text alive;
 * cached as they are, long-lived keys could pin whole chunk texts. The cache keeps copies
 * (only on a miss, so the cost is per distinct word).
 */
function ownCopy(word: string): string {
  return word.length < 13 ? word : Buffer.from(word, 'utf8').toString('utf8');
}

const SEPARATOR = 0;
const WORD = 1;
/** Han, kana and Hangul: written without spaces between words, so indexed as character bigrams. */
const IDEOGRAPHIC = 2;
/** Combining marks belong to the letter before them (Devanagari vowel signs); alone they separate. */
const MARK = 3;
type CharacterClass = typeof SEPARATOR | typeof WORD | typeof IDEOGRAPHIC | typeof MARK;

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
    known = /(?=\p{L})[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(
      character,
    )
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

function termOf(word: string, language: SearchLanguage): string {
  const terms = termCaches[language];
  let term = terms.get(word);
  if (term === undefined) {
    const key = ownCopy(word);
    term = analyzeWord(key, language);
    if (terms.size >= TERM_CACHE_LIMIT) terms.clear();
    terms.set(key, term);
  }
  return term;
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

/**
 * Calls `visit` with each index term of a text, in order, repeats kept (BM25 counts them), and
 * where it stands in `text.toLowerCase()` — the same offsets as in `text` unless lower-casing
 * changed the length (a handful of letters such as "İ"). A hand-written scanner rather than a
 * split: it is a third faster on English text, and it sees where a run of ideographs starts. A
 * possessive 's splits into the word and "s", a stop word, which drops it as Lucene's
 * EnglishPossessiveFilter does.
 */
export function forEachSearchTerm(
  text: string,
  visit: (term: string, start: number, end: number) => void,
  language: SearchLanguage = 'english',
): void {
  const lower = text.toLowerCase();
  let start = -1;
  let runClass: CharacterClass = SEPARATOR;
  for (let i = 0; i <= lower.length; ) {
    const codePoint = i < lower.length ? (lower.codePointAt(i) as number) : 0x20;
    const found = classOf(codePoint);
    const characterClass: CharacterClass = found === MARK ? (runClass === WORD ? WORD : SEPARATOR) : found;
    if (characterClass !== runClass) {
      if (runClass === WORD) {
        const term = termOf(lower.slice(start, i), language);
        if (term !== '') visit(term, start, i);
      } else if (runClass === IDEOGRAPHIC) {
        visitBigrams(lower, start, i, visit);
      }
      start = i;
      runClass = characterClass;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
}

/** The index terms of a text, in order, repeats kept. */
export function analyzeSearchTerms(text: string, language: SearchLanguage = 'english'): string[] {
  const out: string[] = [];
  forEachSearchTerm(
    text,
    (term) => {
      out.push(term);
    },
    language,
  );
  return out;
}

/** The same terms joined by spaces: what the `search_text` column holds and what queries send. */
export function analyzeSearchText(text: string, language: SearchLanguage = 'english'): string {
  return analyzeSearchTerms(text, language).join(' ');
}
