/**
 * Chunks as the LanceDB store reads them back: the id, the text and one JSON payload column with
 * every other field. Shared by the store's reads and its fused hybrid search.
 */
import type { Chunk } from '../core/types.js';
import type { ChunkPayload } from './chunk-payload.js';

/**
 * What reads select. Every field a Chunk needs besides id and text is packed into one JSON
 * `payload` column: LanceDB's cost per query grows with each column it takes (14 columns
 * took twice as long as 3 on SciFact). The real columns stay for filtering and maintenance.
 */
export const chunkColumns = ['id', 'text', 'payload'];

export function toChunk(row: Record<string, unknown>): Chunk {
  return chunkFromPayload(String(row.id), String(row.text), String(row.payload));
}

function chunkFromPayload(id: string, text: string, payload: string): Chunk {
  const fields = JSON.parse(payload) as ChunkPayload;
  return { id, text, ...fields };
}

/** Chunks from an Arrow result, column by column (per-row proxies are slow for wide rows). */
export function chunksFromArrow(
  table: import('apache-arrow').Table,
): { chunk: Chunk; score: number; distance: number }[] {
  const ids = table.getChild('id');
  const texts = table.getChild('text');
  const payloads = table.getChild('payload');
  const scores = table.getChild('_score');
  const distances = table.getChild('_distance');
  const out: { chunk: Chunk; score: number; distance: number }[] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push({
      chunk: chunkFromPayload(String(ids?.get(i)), String(texts?.get(i)), String(payloads?.get(i))),
      score: Number(scores?.get(i) ?? 0),
      distance: Number(distances?.get(i) ?? 0),
    });
  }
  return out;
}
