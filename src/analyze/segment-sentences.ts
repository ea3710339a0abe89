import { splitSentences, type TextSpan } from '../chunk/split-sentences.js';
import { type Language, languageCode } from '../core/languages.js';
import { icuSentences } from './segment-words.js';

/**
 * Sentences of a text in a language, as trimmed spans. Languages written in Latin or Cyrillic
 * keep the chunker's rule-based splitter, which knows abbreviations ICU's does not ("Dr. Smith",
 * "e.g. the U.S. Army" stay whole; ICU breaks after each). Every other language goes through
 * `Intl.Segmenter`, which knows their full stops and question marks (Arabic ؟, Greek ;, Hindi ।,
 * Burmese ။, Khmer ។, CJK 。); Thai and Lao mark the end of a sentence with a space, which ICU
 * does not break at, so a space between two of their letters ends one too. A blank line always
 * ends a sentence.
 */
export function segmentSentences(text: string, language: Language): TextSpan[] {
  if (rulesFit(language)) return splitSentences(text);
  const locale = languageCode(language) ?? 'en';
  const spans: TextSpan[] = [];
  const paragraphs = /\S[\s\S]*?(?=\n[ \t]*\n|$)/g;
  for (const paragraph of text.matchAll(paragraphs)) {
    const offset = paragraph.index;
    for (const sentence of icuSentences(paragraph[0], locale)) {
      for (const piece of splitAtThaiSpaces(paragraph[0], sentence.start, sentence.end)) {
        const trimmed = trimSpan(paragraph[0], piece.start, piece.end);
        if (trimmed) spans.push({ start: trimmed.start + offset, end: trimmed.end + offset });
      }
    }
  }
  return spans;
}

const ruleLanguages = new Set<Language>([
  'english',
  'none',
  'danish',
  'dutch',
  'finnish',
  'french',
  'german',
  'hungarian',
  'indonesian',
  'irish',
  'italian',
  'lithuanian',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'serbian',
  'spanish',
  'swedish',
  'turkish',
]);

function rulesFit(language: Language): boolean {
  return ruleLanguages.has(language);
}

/** Thai (U+0E00–U+0E7F) and Lao (U+0E80–U+0EFF) letters. */
const thaiOrLao = /[\u0e00-\u0eff]/;

function splitAtThaiSpaces(text: string, start: number, end: number): TextSpan[] {
  const out: TextSpan[] = [];
  let from = start;
  const spaces = /\s+/g;
  spaces.lastIndex = start;
  for (let match = spaces.exec(text); match && match.index < end; match = spaces.exec(text)) {
    const before = text[match.index - 1] ?? '';
    const after = text[match.index + match[0].length] ?? '';
    if (match.index > from && thaiOrLao.test(before) && thaiOrLao.test(after)) {
      out.push({ start: from, end: match.index });
      from = match.index + match[0].length;
    }
  }
  out.push({ start: from, end });
  return out;
}

function trimSpan(text: string, start: number, end: number): TextSpan | undefined {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text[from] as string)) from++;
  while (to > from && /\s/.test(text[to - 1] as string)) to--;
  return to > from ? { start: from, end: to } : undefined;
}
