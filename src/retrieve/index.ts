/**
 * retrieve — turns a query into ranked chunks: BM25 (no model), dense, or hybrid by
 * reciprocal-rank fusion, optionally reranked. Access filtering happens inside each store
 * query; this stage must never widen a reader's view or post-filter results.
 */

export { createLanguageModelReranker, parseRelevanceScores } from './create-language-model-reranker.js';
export { type FindSnippetOptions, findSnippet, markSnippet, type Snippet } from './find-snippet.js';
export { fuseRankings, fuseReciprocalRank } from './fuse-reciprocal-rank.js';
export { requireIndexedDocuments } from './require-indexed-documents.js';
export {
  type RetrieveOptions,
  type RetrieveResult,
  type RetrieveWithSettingsOptions,
  retrieve,
  retrieveWithSettings,
} from './retrieve.js';
