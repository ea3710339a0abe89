import { describe, expect, it } from 'vitest';
import { languageSettingNames, parseLanguageSetting, stemmedLanguages } from '../core/languages.js';
import { stemmerFor } from './stemmers.js';
import { stopWordsFor } from './stop-words.js';

const tantivyLanguages = [
  'arabic',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hungarian',
  'italian',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
];

describe('language settings', () => {
  it('accepts names and ISO 639-1 codes in any case, auto and none', () => {
    expect(parseLanguageSetting('Spanish')).toBe('spanish');
    expect(parseLanguageSetting('es')).toBe('spanish');
    expect(parseLanguageSetting('EL')).toBe('greek');
    expect(parseLanguageSetting('nb')).toBe('norwegian');
    expect(parseLanguageSetting('th')).toBe('thai');
    expect(parseLanguageSetting('auto')).toBe('auto');
    expect(parseLanguageSetting('none')).toBe('none');
    expect(parseLanguageSetting('klingon')).toBeUndefined();
    expect(languageSettingNames).toEqual(expect.arrayContaining(['auto', 'none', 'english', 'es', 'thai']));
  });

  it('stems and has stop words for every language tantivy stems', () => {
    for (const language of tantivyLanguages) {
      expect(stemmedLanguages).toContain(language);
      expect(parseLanguageSetting(language)).toBe(language);
      const stem = stemmerFor(language as (typeof stemmedLanguages)[number]);
      expect(stem, language).toBeTypeOf('function');
      expect(stopWordsFor(language as (typeof stemmedLanguages)[number]).size, language).toBeGreaterThan(20);
    }
  });
});
