import { hashText } from '../../src/core/text/hash.js';
import type { Chunk, DocumentRecord } from '../../src/core/types.js';

/** A chunk for store and generation tests, with every field filled consistently. */
export function makeChunk(
  documentId: string,
  index: number,
  text: string,
  overrides: Partial<Chunk> = {},
): Chunk {
  return {
    id: `${documentId}#${index}`,
    documentId,
    documentHash: `hash-${documentId}`,
    index,
    text,
    title: documentId,
    headingPath: [],
    start: 0,
    end: text.length,
    source: documentId,
    groups: ['public'],
    tokens: text.split(/\s+/).length,
    hash: hashText(text),
    metadata: {},
    ...overrides,
  };
}

export function makeRecord(
  id: string,
  chunkCount: number,
  overrides: Partial<DocumentRecord> = {},
): DocumentRecord {
  return {
    id,
    hash: `hash-${id}`,
    title: id,
    source: id,
    format: 'markdown',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    groups: ['public'],
    chunkCount,
    ingestedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
