/**
 * The analyzer: how text becomes index terms, words and sentences, per language. One interface
 * for every consumer — `analyze(text, language) → terms` (documents), `analyzeQuery` (queries
 * against the languages an index holds), `forEachTerm` (terms with offsets, for highlights),
 * `segmentWords` and `segmentSentences`, `contentWords` (lexical matching), and language
 * settings and detection for `retrieve.language`.
 *
 * Every index store (LanceDB today, PostgreSQL next) must index exactly these terms, so this
 * module knows nothing of any store, file, configuration file or network: it is pure functions
 * of text and language (plus the lazily loaded stemmer, stop-word and detector tables). It must
 * not score, rank or store anything; a change to what it emits for a language changes every
 * index built with that language, which then needs `knowhow ingest --rebuild`: bump the
 * language's revision in analyzer-revision.ts, which indexes record and check when opened.
 */

export {
  describeLanguage,
  hasStemmer,
  isLanguage,
  type Language,
  type LanguageSetting,
  languageCode,
  languageOfCode,
  languageSettingNames,
  languages,
  parseLanguageSetting,
  segmentedLanguages,
  stemmedLanguages,
} from '../core/languages.js';
export { analyzeQuery } from './analyze-query.js';
export { analyze, forEachTerm, lowerCase } from './analyze-text.js';
export {
  type AnalyzerRevisions,
  analyzerRevision,
  analyzerRevisionsOf,
  staleAnalyzerLanguages,
} from './analyzer-revision.js';
export { contentWords, stemWord } from './content-words.js';
export { type LanguageDetector, loadLanguageDetector, resolveDocumentLanguage } from './detect-language.js';
export { segmentSentences } from './segment-sentences.js';
export { segmentWords } from './segment-words.js';
