import { parseCitationMarkers } from '../../core/text/citation-markers.js';

/** A citation as the generate stage resolved it: `valid` when [marker] named a passage it was given. */
export interface AnswerCitation {
  marker: number;
  chunkId: string;
  valid: boolean;
}

export interface ResolvedCitations {
  /** Distinct markers in the answer, in order. */
  cited: number[];
  valid: number[];
  invalid: number[];
}

/**
 * Splits the answer's markers into valid and invalid. A marker is valid when a passage with that
 * number was given and the generate stage did not mark it invalid; with no context list at hand
 * the generate stage's `valid` flag alone decides.
 */
export function resolveCitations(options: {
  answer: string;
  citations: readonly AnswerCitation[];
  contextMarkers?: ReadonlySet<number>;
}): ResolvedCitations {
  const cited = parseCitationMarkers(options.answer);
  const flags = new Map(options.citations.map((citation) => [citation.marker, citation.valid]));
  const valid: number[] = [];
  const invalid: number[] = [];
  for (const marker of cited) {
    const flag = flags.get(marker);
    const given = options.contextMarkers ? options.contextMarkers.has(marker) : flag === true;
    if (given && flag !== false) valid.push(marker);
    else invalid.push(marker);
  }
  return { cited, valid, invalid };
}
