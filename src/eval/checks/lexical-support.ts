import { contentWords } from '../../analyze/index.js';

/**
 * Lexical support: the share of a sentence's content words (stop words dropped, lightly stemmed)
 * that occur in the passages it cites. Cheap and deterministic; it catches citations that point
 * at unrelated passages, not subtle misreadings (that is what the judge is for).
 */

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
