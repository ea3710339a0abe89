import type { Language } from '../analyze/index.js';
import { pickSourceLocation } from '../core/source-location.js';
import type { Chunk } from '../core/types.js';

/** Every field of a Chunk besides id and text, as one JSON text: reads parse one column, not fourteen. */
export type ChunkPayload = Omit<Chunk, 'id' | 'text'>;

/** The payload with the document's analyzer language, written by every store (LanceDB and PostgreSQL) in the same shape. */
export function chunkPayload(chunk: Chunk, language: Language): string {
  return JSON.stringify({
    documentId: chunk.documentId,
    documentHash: chunk.documentHash,
    index: chunk.index,
    title: chunk.title,
    headingPath: chunk.headingPath,
    start: chunk.start,
    end: chunk.end,
    source: chunk.source,
    groups: chunk.groups,
    tokens: chunk.tokens,
    hash: chunk.hash,
    metadata: chunk.metadata,
    ...pickSourceLocation(chunk),
    language,
  } satisfies ChunkPayload);
}
