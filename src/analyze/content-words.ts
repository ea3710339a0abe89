import type { Language } from '../core/languages.js';
import { stripCitationMarkers } from '../core/text/citation-markers.js';
import { analyze } from './analyze-text.js';

/**
 * Content words for lexical matching — grounding support in eval, sentence choice in the
 * extractive answerer: stop words dropped, lightly stemmed so that "refunds"/"refunded" meet
 * "refund", the same rules applied to both sides of every comparison.
 */

const stopWords = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have having ' +
    'he her here hers herself him himself his how i if in into is it its itself just me more most my myself no ' +
    'nor not now of off on once only or other our ours ourselves out over own same she should so some such than ' +
    'that the their theirs them themselves then there these they this those through to too under until up very ' +
    'was we were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'may might must shall us per via within without according'
  ).split(' '),
);

/** A few suffix rules, applied the same way to sentence and passage, so inflections meet. */
export function stemWord(word: string): string {
  let stem = word;
  if (stem.length > 4 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 3 && stem.endsWith('s') && !/(ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  if (stem.length > 5 && stem.endsWith('ing')) stem = stem.slice(0, -3);
  else if (stem.length > 4 && stem.endsWith('ed')) stem = stem.slice(0, -2);
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}

/**
 * Distinct content words of a text, stemmed. English (the default) keeps the light rules above,
 * which eval's grounding scores were calibrated on; any other language uses the index's
 * analyzer, whose stop words, stemmer and word segmentation fit it (Thai has no spaces to split on).
 */
export function contentWords(text: string, language: Language = 'english'): Set<string> {
  if (language !== 'english') return new Set(analyze(stripCitationMarkers(text), language));
  const words = stripCitationMarkers(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u);
  const out = new Set<string>();
  for (const word of words) {
    if (word === '' || stopWords.has(word)) continue;
    if (word.length < 2 && !/\d/.test(word)) continue;
    out.add(stemWord(word));
  }
  return out;
}
