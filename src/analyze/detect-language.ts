import { type Language, type LanguageSetting, languageOfCode } from '../core/languages.js';

/**
 * Language detection for `retrieve.language: auto`, with eld (Efficient Language Detector,
 * Apache-2.0, 60 languages, n-gram tables in plain JavaScript), its "small" table. Chosen on
 * XQuAD's 1,190 questions per language and SciFact's queries (share detected right):
 *
 * | detector   | es    | ar    | tr    | el    | th    | en (SciFact) | µs/query |
 * |------------|-------|-------|-------|-------|-------|--------------|----------|
 * | eld small  | 0.997 | 1.000 | 0.994 | 0.996 | 1.000 | 0.999        | 77       |
 * | eld xsmall | 0.994 | 0.999 | 0.987 | 0.996 | 1.000 | 0.994        | 67       |
 * | tinyld     | 0.983 | 0.998 | 0.971 | 0.997 | 1.000 | 0.740        | 154      |
 * | franc-min  | 0.921 | 0.980 | 0.739 | 0.990 | 0.991 | 0.910        | 154      |
 * | cld3-asm   | 0.966 | 0.989 | 0.956 | 0.997 | 0.973 | 0.882        | 126      |
 * | lande      | 0.921 | 0.992 | 0.963 | 0.982 | 0.000 | 0.795        | 1587     |
 *
 * eld also read every XQuAD paragraph and 500 SciFact abstracts right (1.000). Its table costs
 * about 0.8 s and 150 MB to load, so it is loaded only when `auto` is set, once per process.
 * Khmer and Burmese, which eld lacks, are told by their scripts.
 */

export interface LanguageDetector {
  /** The language of a text; `none` when it is one the analyzer has no rules for, or unclear. */
  detect(text: string): Language;
}

/** Enough text to be sure: eld is right on every XQuAD paragraph, most under 1,000 characters. */
const SAMPLE_CHARS = 2000;

let loading: Promise<LanguageDetector> | undefined;

export function loadLanguageDetector(): Promise<LanguageDetector> {
  loading ??= import('eld/small').then(({ eld }) => ({
    detect(text: string): Language {
      const sample = text.slice(0, SAMPLE_CHARS);
      const byScript = languageOfScript(sample);
      if (byScript) return byScript;
      const code = eld.detect(sample).language;
      return (code && languageOfCode(code)) || 'none';
    },
  }));
  return loading;
}

function languageOfScript(sample: string): Language | undefined {
  let khmer = 0;
  let myanmar = 0;
  let letters = 0;
  for (const character of sample) {
    const codePoint = character.codePointAt(0) as number;
    if (codePoint >= 0x1780 && codePoint <= 0x17ff) khmer++;
    else if (codePoint >= 0x1000 && codePoint <= 0x109f) myanmar++;
    else if (/\p{L}/u.test(character)) letters++;
  }
  if (khmer > letters && khmer >= myanmar) return 'khmer';
  if (myanmar > letters) return 'burmese';
  return undefined;
}

/**
 * The language a document is analyzed in: the setting itself, or under `auto` the detected
 * language of its text. Every index store calls this, so that they index the same terms.
 */
export async function resolveDocumentLanguage(setting: LanguageSetting, text: string): Promise<Language> {
  if (setting !== 'auto') return setting;
  return (await loadLanguageDetector()).detect(text);
}
