import type { IndexStore } from '../core/index-store.js';
import { readerMayRead } from '../core/reader-access.js';
import type { Chunk, DocumentRecord, Reader } from '../core/types.js';

/**
 * The whole documents a reader may read, for the long-context architecture. Each request lists the
 * index (so a document ingested or deleted by the API or by `knowhow ingest` in another process
 * counts at once) and reads a document's chunks only when the reader may read it — a document of
 * another group is never read for that request, whatever is cached. Chunks are kept per document
 * version (hash, ingest time and groups), so a corpus is read once, not on every question: the
 * helpdesk example's 60 documents are 349 chunks, ~34k tokens.
 */
export interface ReaderDocuments {
  read(reader: Reader): Promise<Map<string, Chunk[]>>;
}

function versionKey(record: DocumentRecord): string {
  return [record.hash, record.ingestedAt, ...record.groups].join('\u0000');
}

export function createReaderDocuments(store: IndexStore): ReaderDocuments {
  const cache = new Map<string, { version: string; chunks: Promise<Chunk[]> }>();
  return {
    async read(reader) {
      const records = await store.listDocuments();
      for (const id of cache.keys()) if (!records.has(id)) cache.delete(id);
      const documents = new Map<string, Chunk[]>();
      for (const record of records.values()) {
        if (!readerMayRead(reader, record.groups)) continue;
        const version = versionKey(record);
        let entry = cache.get(record.id);
        if (entry?.version !== version) {
          const fresh = { version, chunks: store.getDocumentChunks(record.id) };
          cache.set(record.id, fresh);
          // A failed read is retried by the next request, not remembered.
          fresh.chunks.catch(() => {
            if (cache.get(record.id) === fresh) cache.delete(record.id);
          });
          entry = fresh;
        }
        documents.set(record.id, await entry.chunks);
      }
      return documents;
    },
  };
}
