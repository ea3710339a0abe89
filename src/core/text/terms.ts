/**
 * Content words for lexical matching (extractive answers, grounding overlap): lowercase,
 * stop words removed, a light suffix stemmer so that "refunds"/"refunded" meet "refund".
 */
const stopWords = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how i if in into is it its ' +
    'may me might my no not of on or our shall should so than that the their them then there these they this those ' +
    'to up us was we were what when where which who whom why will with would you your yours about after again all ' +
    'also am any because before between both each few more most other over own same some such too very just only'
  ).split(' '),
);

export function stemWord(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && word.length > 4 && /(?:ch|sh|x|ss|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Content terms of a text, stemmed, in order (duplicates kept). */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu)) {
    const word = match[0].replace(/['’]s$/, '');
    if (stopWords.has(word)) continue;
    terms.push(stemWord(word));
  }
  return terms;
}

export function isStopWord(word: string): boolean {
  return stopWords.has(word.toLowerCase());
}
