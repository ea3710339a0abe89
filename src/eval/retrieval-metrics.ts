/**
 * Ranking metrics with the standard (trec_eval / BEIR) definitions. `relevant` maps an id to
 * its graded relevance (> 0 is relevant); `ranked` is the system's list, best first.
 */
export type Relevance = ReadonlyMap<string, number>;

export function recallAtK(ranked: readonly string[], relevant: Relevance, k: number): number {
  let total = 0;
  for (const grade of relevant.values()) if (grade > 0) total++;
  if (total === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if ((relevant.get(id) ?? 0) > 0) found++;
  return found / total;
}

export function reciprocalRankAtK(ranked: readonly string[], relevant: Relevance, k: number): number {
  const limit = Math.min(k, ranked.length);
  for (let i = 0; i < limit; i++) if ((relevant.get(ranked[i]!) ?? 0) > 0) return 1 / (i + 1);
  return 0;
}

/** nDCG@k with linear gains (trec_eval's `ndcg_cut`, as BEIR reports it). */
export function ndcgAtK(ranked: readonly string[], relevant: Relevance, k: number): number {
  let dcg = 0;
  const limit = Math.min(k, ranked.length);
  for (let i = 0; i < limit; i++) {
    const grade = relevant.get(ranked[i]!) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(i + 2);
  }
  const ideal = [...relevant.values()].filter((grade) => grade > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += ideal[i]! / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Keeps the first occurrence of each id: chunk-level results collapse to document-level ranks. */
export function uniqueInOrder(ids: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}
