import type { DocumentWrite } from '../core/index-store.js';
import { sqlList } from './sql-literals.js';

/**
 * The chunks an upsert of these writes leaves behind: those of an earlier version that the new
 * one does not have. A document whose earlier chunk count is unknown (`undefined`: no record, or
 * caught mid-write by a crash, when its chunks may be of any version) may have any; one that had
 * no more chunks than it has now has none. Returns the predicate that deletes them, or null when
 * no document can have any, so that the common re-ingest (same count or more) commits once.
 */
export function surplusChunks(
  writes: DocumentWrite[],
  previousCount: (documentId: string) => number | undefined,
): string | null {
  const shrunk = writes.filter((write) => {
    const count = previousCount(write.document.id);
    return count === undefined || count > write.chunks.length;
  });
  if (shrunk.length === 0) return null;
  const documents = `doc_id IN (${sqlList(shrunk.map((write) => write.document.id))})`;
  const kept = shrunk.flatMap((write) => write.chunks.map((chunk) => chunk.id));
  return kept.length === 0 ? documents : `${documents} AND id NOT IN (${sqlList(kept)})`;
}
