import type { Language } from '../core/languages.js';
import { analyze, forEachTerm } from './analyze-text.js';

/** A pasted page is not a better query: the first 8,000 characters and 256 terms are kept. */
const MAX_QUERY_CHARS = 8000;
const MAX_QUERY_TERMS = 256;

/**
 * The terms of a query against an index whose documents were analyzed in `languages` (one, or
 * several under `auto`). With one language they are simply its terms. With several, each word
 * brings the distinct terms it has in each language — the Spanish "ciudades" → "ciudad" meets
 * Spanish documents and the English form meets English ones — once each, so that a word whose
 * forms agree (names, numbers) is not counted twice. When the query's own language is known and
 * indexed, its stop words decide: a word it drops is dropped in every language, so "de" asks
 * nothing of English documents either.
 */
export function analyzeQuery(
  query: string,
  languages: readonly Language[],
  queryLanguage?: Language,
): string[] {
  const text = query.slice(0, MAX_QUERY_CHARS);
  const distinct = [...new Set(languages)];
  if (distinct.length <= 1) return analyze(text, distinct[0] ?? 'english').slice(0, MAX_QUERY_TERMS);
  const byStart = new Map<number, Set<string>>();
  for (const language of distinct) {
    forEachTerm(text, language, (term, start) => {
      const terms = byStart.get(start) ?? new Set<string>();
      terms.add(term);
      byStart.set(start, terms);
    });
  }
  let kept = [...byStart.keys()];
  if (queryLanguage && distinct.includes(queryLanguage)) {
    const own = new Set<number>();
    forEachTerm(text, queryLanguage, (_term, start) => {
      own.add(start);
    });
    kept = kept.filter((start) => own.has(start));
  }
  const out: string[] = [];
  for (const start of kept.sort((a, b) => a - b)) out.push(...(byStart.get(start) as Set<string>));
  return out.slice(0, MAX_QUERY_TERMS);
}
