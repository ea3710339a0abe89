import type { CheckResult } from '../../core/eval-types.js';
import { ndcgAtK, recallAtK, reciprocalRankAtK, uniqueInOrder } from '../retrieval-metrics.js';

/**
 * Retrieval checks against the case's `sources` (each source relevance 1).
 *
 * `recall@k` decides: it passes when at least half of the sources are in the top k — for the
 * usual single-source case that means "found", for a multi-source case most of the evidence.
 * MRR and nDCG are informational (`skipped` with their score): a source at rank 3 is not a
 * failure, but the scores show ranking quality across a run.
 */
export const defaultMinRecall = 0.5;

export interface CheckRetrievalOptions {
  sources: readonly string[];
  /** Document ids in rank order; undefined when the variant did no retrieval. */
  retrievedDocumentIds: readonly string[] | undefined;
  k: number;
  minRecall?: number;
}

export function checkRetrieval(options: CheckRetrievalOptions): CheckResult[] {
  const names = ['recall@k', 'mrr@k', 'ndcg@k'] as const;
  const skipAll = (reason: string): CheckResult[] =>
    names.map((name) => ({ name, kind: 'retrieval', verdict: 'skipped', reason }));
  if (options.retrievedDocumentIds === undefined) return skipAll('this variant does no retrieval');
  if (options.sources.length === 0) return skipAll('the case lists no sources');

  const { k } = options;
  const minRecall = options.minRecall ?? defaultMinRecall;
  const ranked = uniqueInOrder(options.retrievedDocumentIds);
  const relevant = new Map(options.sources.map((source) => [source, 1]));
  const recall = recallAtK(ranked, relevant, k);
  const reciprocalRank = reciprocalRankAtK(ranked, relevant, k);
  const ndcg = ndcgAtK(ranked, relevant, k);

  const top = ranked.slice(0, k);
  const found = [...relevant.keys()].filter((source) => top.includes(source));
  const missing = [...relevant.keys()].filter((source) => !top.includes(source));
  const ranks = found.map((source) => `${JSON.stringify(source)} at rank ${top.indexOf(source) + 1}`);
  const firstRank = reciprocalRank === 0 ? null : Math.round(1 / reciprocalRank);
  return [
    {
      name: 'recall@k',
      kind: 'retrieval',
      verdict: recall >= minRecall ? 'pass' : 'fail',
      score: recall,
      reason:
        `${found.length}/${relevant.size} source(s) in the top ${k} (recall@${k} ${recall.toFixed(2)}, pass at ≥ ${minRecall})` +
        (ranks.length > 0 ? `; ${ranks.join(', ')}` : '') +
        (missing.length > 0
          ? `; missing: ${missing.map((source) => JSON.stringify(source)).join(', ')}`
          : ''),
    },
    {
      name: 'mrr@k',
      kind: 'retrieval',
      verdict: 'skipped',
      score: reciprocalRank,
      reason: `MRR@${k} ${reciprocalRank.toFixed(2)} (${firstRank === null ? `no source in the top ${k}` : `first source at rank ${firstRank}`}; informational)`,
    },
    {
      name: 'ndcg@k',
      kind: 'retrieval',
      verdict: 'skipped',
      score: ndcg,
      reason: `nDCG@${k} ${ndcg.toFixed(2)} (informational)`,
    },
  ];
}
