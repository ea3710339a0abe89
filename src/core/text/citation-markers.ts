/**
 * Shared by generation (verification, display) and eval (checks), so both read an answer the same way.
 * Citation markers as answers write them: `[1]`, `[1][2]`, `[1, 2]`, `[1-3]` (also an en dash).
 * `[1](https://…)` is a Markdown link, not a citation, and is left alone.
 */
const markerPattern = /\[(\s*\d+\s*(?:[-–]\s*\d+\s*)?(?:,\s*\d+\s*(?:[-–]\s*\d+\s*)?)*)\](?!\()/g;

/** Longer than any real run of citations: a bracket this long is prose (and a stream need not hold it back). */
export const MAX_MARKER_LENGTH = 64;

/** A range wider than this is a typo or a year ("[1990-2020]"), not a run of citations. */
const maxRangeWidth = 20;

/** Distinct marker numbers in order of first appearance. */
export function parseCitationMarkers(answer: string): number[] {
  const seen = new Set<number>();
  for (const match of answer.matchAll(markerPattern)) {
    if (match[0].length > MAX_MARKER_LENGTH) continue;
    for (const part of (match[1] ?? '').split(',')) {
      const [fromText, toText] = part.split(/[-–]/).map((value) => value.trim());
      const from = Number(fromText);
      const to = toText === undefined ? from : Number(toText);
      const low = Math.min(from, to);
      const high = Math.max(from, to);
      if (high - low > maxRangeWidth) {
        seen.add(from);
        seen.add(to);
        continue;
      }
      for (let marker = low; marker <= high; marker++) seen.add(marker);
    }
  }
  return [...seen];
}

/** The answer without its citation markers, e.g. for word counts and comparisons with a reference. */
export function stripCitationMarkers(answer: string): string {
  return answer
    .replace(markerPattern, ' ')
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** "[1], [4]" for messages. */
export function showMarkers(markers: readonly number[]): string {
  return markers.map((marker) => `[${marker}]`).join(', ');
}
