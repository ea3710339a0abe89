import { stripCitationMarkers } from './parse-citation-markers.js';

/**
 * Lexical support: the share of a sentence's content words (stop words dropped, lightly stemmed)
 * that occur in the passages it cites. Cheap and deterministic; it catches citations that point
 * at unrelated passages, not subtle misreadings (that is what the judge is for).
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

export function contentWords(text: string): Set<string> {
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

/** Share (0–1) of the sentence's content words found in the passages; null when it has none. */
export function lexicalSupport(sentence: string, passages: readonly string[]): number | null {
  const wanted = contentWords(sentence);
  if (wanted.size === 0) return null;
  const available = contentWords(passages.join('\n'));
  let found = 0;
  for (const word of wanted) if (available.has(word)) found++;
  return found / wanted.size;
}

/**
 * Sentences of an answer, with the citation markers that follow a sentence's full stop
 * ("… date. [1]") kept with that sentence rather than starting the next one.
 */
export function splitSentences(answer: string): string[] {
  const pieces = answer
    .split(/(?<=[.!?…](?:\s*\[[\d\s,\-–]+\])*)\s+|\n+/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  const sentences: string[] = [];
  for (const piece of pieces) {
    const leading = /^((?:\[[\d\s,\-–]+\]\s*)+)(.*)$/s.exec(piece);
    if (leading && sentences.length > 0) {
      sentences[sentences.length - 1] += ` ${(leading[1] ?? '').trim()}`;
      const rest = (leading[2] ?? '').trim();
      if (rest !== '') sentences.push(rest);
    } else {
      sentences.push(piece);
    }
  }
  return sentences;
}
