import { analyzeQuery, type Language } from '../analyze/index.js';
import type { DocumentWrite } from '../core/index-store.js';
import { cleanHeading } from '../core/text/clean-heading.js';
import type { Chunk } from '../core/types.js';

/**
 * What both stores (LanceDB and PostgreSQL) analyze for BM25, in a file that loads neither: the
 * PostgreSQL store took these from the LanceDB store's file and loaded @lancedb/lancedb with them.
 */

/**
 * What BM25 reads for a chunk: the title and heading path give a passage the context its words
 * lack, each once — a Markdown section's own heading is already its first line, and the title is
 * usually the first heading, so repeating them would triple their term counts.
 */
export function searchableText(chunk: Chunk): string {
  const newline = chunk.text.indexOf('\n');
  const firstLine = cleanHeading(
    (newline === -1 ? chunk.text : chunk.text.slice(0, newline)).replace(/^#+\s*/, ''),
  );
  const context = [...new Set([chunk.title, ...chunk.headingPath])].filter(
    (heading) => heading !== '' && heading !== firstLine,
  );
  return [...context, chunk.text].join('\n');
}

/**
 * BM25 query text: the analyzer's terms for the index's languages, so that queries meet
 * documents, and nothing that LanceDB's query parser could read as syntax.
 */
export function searchQueryText(
  query: string,
  languages: readonly Language[] = ['english'],
  queryLanguage?: Language,
): string {
  return analyzeQuery(query, languages, queryLanguage).join(' ');
}

/** What language detection reads of a document: its first chunks. */
export function documentSample(write: DocumentWrite): string {
  let sample = '';
  for (const chunk of write.chunks) {
    if (sample.length >= 2000) break;
    sample += `${chunk.text}\n`;
  }
  return sample;
}
