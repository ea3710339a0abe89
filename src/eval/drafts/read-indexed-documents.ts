import type { IndexStore } from '../../core/index-store.js';
import type { Chunk } from '../../core/types.js';

/** Every indexed document's chunks, read as everyone: a restricted document's drafts carry its groups. */
export async function readIndexedDocuments(store: IndexStore): Promise<Map<string, Chunk[]>> {
  const documents = new Map<string, Chunk[]>();
  for (const documentId of (await store.listDocuments()).keys()) {
    documents.set(documentId, await store.getDocumentChunks(documentId));
  }
  return documents;
}
