import { createRequire } from 'node:module';
import type { Language } from '../core/languages.js';
import { normalizeScript } from './normalize-word.js';

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

const require = createRequire(import.meta.url);
const loaded = new Map<Language, ReadonlySet<string>>();
const empty: ReadonlySet<string> = new Set();

function listOf(language: Language): string[] {
  if (language === 'english') return nltkEnglish.split(' ');
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
    words =
      list.length === 0
        ? empty
        : new Set(
            list.map((word) =>
              normalizeScript(language === 'turkish' ? word.toLocaleLowerCase('tr') : word.toLowerCase()),
            ),
          );
    loaded.set(language, words);
  }
  return words;
}
