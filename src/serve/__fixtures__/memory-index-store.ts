import type { DocumentWrite, IndexStats, IndexStore, SearchOptions } from '../../core/index-store.js';
import type { Chunk, DocumentRecord, Reader, SearchHit } from '../../core/types.js';

function readable(chunk: Chunk, reader: Reader): boolean {
  if (reader.kind === 'all') return true;
  const groups = new Set(['public', ...reader.groups]);
  return chunk.groups.some((group) => groups.has(group));
}

function terms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** An in-memory IndexStore for route tests: term-overlap scoring, access applied while searching. */
export class MemoryIndexStore implements IndexStore {
  readonly kind = 'memory';
  readonly documents = new Map<string, DocumentRecord>();
  readonly chunks = new Map<string, Chunk>();
  searches = 0;
  /** Makes the next searches wait (for timeout and graceful-close tests). */
  delayMs = 0;

  async listDocuments() {
    return new Map(this.documents);
  }

  async writeDocuments(writes: DocumentWrite[]) {
    for (const write of writes) {
      for (const [id, chunk] of this.chunks) if (chunk.documentId === write.document.id) this.chunks.delete(id);
      this.documents.set(write.document.id, write.document);
      for (const chunk of write.chunks) this.chunks.set(chunk.id, chunk);
    }
  }

  async deleteDocuments(ids: string[]) {
    for (const id of ids) {
      this.documents.delete(id);
      for (const [chunkId, chunk] of this.chunks) if (chunk.documentId === id) this.chunks.delete(chunkId);
    }
  }

  async searchText(query: string, options: SearchOptions): Promise<SearchHit[]> {
    this.searches++;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const wanted = new Set(terms(query));
    return [...this.chunks.values()]
      .filter((chunk) => readable(chunk, options.reader))
      .map((chunk) => ({ chunk, score: terms(chunk.text).filter((term) => wanted.has(term)).length }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id))
      .slice(0, options.k)
      .map((entry, i) => ({ ...entry, rank: i + 1 }));
  }

  async searchVector(): Promise<SearchHit[]> {
    return [];
  }

  async getChunks(ids: string[]) {
    return ids.map((id) => this.chunks.get(id)).filter((chunk): chunk is Chunk => chunk !== undefined);
  }

  async getDocumentChunks(documentId: string) {
    return [...this.chunks.values()].filter((chunk) => chunk.documentId === documentId);
  }

  async getVectorsByHash() {
    return new Map<string, number[]>();
  }

  async optimize() {}

  async stats(): Promise<IndexStats> {
    return {
      documents: this.documents.size,
      chunks: this.chunks.size,
      version: 1,
      bytesOnDisk: 0,
      lastIngestAt: null,
      vectorDimensions: null,
      embeddingModel: null,
      language: 'english',
    };
  }

  async close() {}
}
