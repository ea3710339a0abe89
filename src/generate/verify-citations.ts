import { pickSourceLocation } from '../core/source-location.js';
import { removeInvalidMarkers } from '../core/text/citation-marker-filter.js';
import { parseCitationMarkers } from '../core/text/citation-markers.js';
import type { Citation } from '../core/types.js';
import type { ContextPassage } from '../providers/spec.js';

export interface VerifiedCitations {
  /** Valid citations, in order of first appearance: only these may be shown as sources. */
  citations: Citation[];
  /** Markers that point at no passage given to the model. */
  invalidMarkers: number[];
  /** The answer with invalid markers removed: what a streamed answer shows (createCitationMarkerFilter). */
  displayText: string;
}

/** Checks every [n] against the passages actually given; invalid ones are flagged, never shown. */
export function verifyCitations(answer: string, passages: ContextPassage[]): VerifiedCitations {
  const byMarker = new Map(passages.map((passage) => [passage.marker, passage]));
  const citations: Citation[] = [];
  const invalidMarkers: number[] = [];
  for (const marker of parseCitationMarkers(answer)) {
    const passage = byMarker.get(marker);
    if (!passage) {
      invalidMarkers.push(marker);
      continue;
    }
    const chunk = passage.chunk;
    citations.push({
      marker,
      chunkId: chunk.id,
      documentId: chunk.documentId,
      title: chunk.title,
      headingPath: chunk.headingPath,
      source: chunk.source,
      start: chunk.start,
      end: chunk.end,
      ...pickSourceLocation(chunk),
    });
  }
  const displayText =
    invalidMarkers.length === 0
      ? answer
      : removeInvalidMarkers(answer, new Set(citations.map((c) => c.marker)));
  return { citations, invalidMarkers, displayText };
}
