import { KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';

/**
 * Refuses a query against an index that was never built: "No passages found" would read as "your
 * documents do not say", when the truth is that nothing was ingested yet.
 */
export async function requireIndexedDocuments(store: Pick<IndexStore, 'stats'>): Promise<void> {
  const stats = await store.stats();
  if (stats.documents > 0 || stats.lastIngestAt !== null) return;
  throw new KnowhowError('INDEX_MISSING', 'Nothing has been ingested yet: the index holds no documents.', {
    hint: 'Run `knowhow ingest` first (it reads the folders in ingest.paths of knowhow.yaml, or the paths you give it).',
  });
}
