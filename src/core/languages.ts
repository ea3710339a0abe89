/**
 * The languages the analyzer knows, by name and ISO 639-1 code, and what each brings: a Snowball
 * stemmer (@orama/stemmers' generated ports, the algorithms tantivy's stemmers also port), a
 * stop-word list, and the locale its words and sentences are segmented with. Pure data, in core so
 * the config schema can validate `retrieve.language` without loading the analyzer (src/analyze
 * re-exports it).
 */

/** Languages with a Snowball stemmer: the 18 tantivy (LanceDB) stems, and seven more Snowball has. */
export const stemmedLanguages = [
  'arabic',
  'armenian',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hindi',
  'hungarian',
  'indonesian',
  'irish',
  'italian',
  'lithuanian',
  'nepali',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'serbian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
] as const;

/**
 * Languages written without spaces between words: their words are found by the dictionaries of
 * ICU's word segmenter (Thai, Lao, Khmer, Burmese), or, for Chinese, Japanese and Korean, as
 * overlapping character pairs. None has a stemmer.
 */
export const segmentedLanguages = [
  'thai',
  'lao',
  'khmer',
  'burmese',
  'chinese',
  'japanese',
  'korean',
] as const;

/** A language documents are analyzed in; `none` keeps words as written (lower-cased, accents folded). */
export const languages = [...stemmedLanguages, ...segmentedLanguages, 'none'] as const;
export type Language = (typeof languages)[number];

/** What `retrieve.language` may say: a language, or `auto` (detected per document and per query). */
export type LanguageSetting = Language | 'auto';

/** ISO 639-1 codes (and the Norwegian written standards) accepted for the names above. */
const isoCodes: Record<string, Language> = {
  ar: 'arabic',
  hy: 'armenian',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  th: 'thai',
  lo: 'lao',
  km: 'khmer',
  my: 'burmese',
  zh: 'chinese',
  ja: 'japanese',
  ko: 'korean',
};

const codeOf = new Map<Language, string>(
  Object.entries(isoCodes)
    .filter(([code]) => code !== 'nb' && code !== 'nn')
    .map(([code, language]) => [language, code]),
);

/** The ISO 639-1 code of a language (`none` has none). */
export function languageCode(language: Language): string | undefined {
  return codeOf.get(language);
}

/** The language an ISO 639-1 code names, if the analyzer knows it. */
export function languageOfCode(code: string): Language | undefined {
  return isoCodes[code.toLowerCase()];
}

/** Every value `retrieve.language` accepts, for error messages: names first, then codes. */
export const languageSettingNames: readonly string[] = [
  'auto',
  ...languages,
  ...Object.keys(isoCodes).sort(),
];

/** `retrieve.language` read leniently (any case, name or ISO code); undefined when unknown. */
export function parseLanguageSetting(value: string): LanguageSetting | undefined {
  const wanted = value.trim().toLowerCase();
  if (wanted === 'auto') return 'auto';
  if ((languages as readonly string[]).includes(wanted)) return wanted as Language;
  return isoCodes[wanted];
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function hasStemmer(language: Language): boolean {
  return (stemmedLanguages as readonly string[]).includes(language);
}

/** A short description for `knowhow status` and benchmark headers. */
export function describeLanguage(language: LanguageSetting): string {
  if (language === 'auto') return 'auto (detected per document and per query)';
  if (language === 'english') return 'english (NLTK stop words, Porter stemming)';
  if (language === 'none') return 'none (words as written)';
  if (language === 'chinese' || language === 'japanese' || language === 'korean') {
    return `${language} (character pairs)`;
  }
  if (!hasStemmer(language)) return `${language} (dictionary word segmentation)`;
  return `${language} (stop words, Snowball stemming)`;
}
