/**
 * Citation markers as answers write them: [1], [1][2], [1, 2], [1-3], [1–3]. Shared by
 * generation (verification) and eval (checks) so both read an answer the same way.
 */
const markerGroup = /\[(\s*\d+\s*(?:(?:[,;]|[-–])\s*\d+\s*)*)\]/g;

/** Distinct markers in order of first appearance. */
export function parseCitationMarkers(answer: string): number[] {
  const seen = new Set<number>();
  for (const match of answer.matchAll(markerGroup)) {
    for (const part of match[1]!.split(/[,;]/)) {
      const range = part.split(/[-–]/).map((value) => Number.parseInt(value.trim(), 10));
      const [from, to] = [range[0]!, range[1] ?? range[0]!];
      if (Number.isNaN(from) || Number.isNaN(to) || to < from || to - from > 50) continue;
      for (let n = from; n <= to; n++) seen.add(n);
    }
  }
  return [...seen];
}

/** Removes markers, e.g. for word counts. */
export function stripCitationMarkers(answer: string): string {
  return answer.replace(markerGroup, '').replace(/[ \t]+([.,;:!?])/g, '$1');
}

/** Rewrites markers not in `valid` out of the text so they are never shown as sources. */
export function removeInvalidMarkers(answer: string, valid: ReadonlySet<number>): string {
  return answer
    .replace(markerGroup, (whole) => {
      const kept = parseCitationMarkers(whole).filter((n) => valid.has(n));
      return kept.length === 0 ? '' : kept.map((n) => `[${n}]`).join('');
    })
    .replace(/\](?:\s*\[)/g, '][')
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ');
}
