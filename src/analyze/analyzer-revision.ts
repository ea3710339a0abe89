import type { Language } from '../core/languages.js';

/**
 * What an index records of the analyzer that made its terms: a revision per language. A
 * language's revision goes up whenever `analyze` emits other terms for the same text; an index
 * whose documents were analyzed under another revision must be rebuilt, or its terms and those
 * of new queries stop meeting. Indexes from before revisions were recorded count as revision 1.
 *
 * 2 (Spanish, Greek): Spanish takes Snowball's stop list, looked up by the stem, and both drop
 * question words (stop-words.ts).
 */
const revisions: Partial<Record<Language, number>> = { spanish: 2, greek: 2 };

export type AnalyzerRevisions = Partial<Record<Language, number>>;

/** The revision of this analyzer's rules for a language. */
export function analyzerRevision(language: Language): number {
  return revisions[language] ?? 1;
}

/** What an index records for the languages its documents were analyzed in. */
export function analyzerRevisionsOf(languages: readonly Language[]): AnalyzerRevisions {
  return Object.fromEntries(languages.map((language) => [language, analyzerRevision(language)]));
}

/** The languages whose recorded revision (1 when none was recorded) is not this analyzer's. */
export function staleAnalyzerLanguages(
  recorded: AnalyzerRevisions | undefined,
  languages: readonly Language[],
): Language[] {
  return languages.filter((language) => (recorded?.[language] ?? 1) !== analyzerRevision(language));
}
