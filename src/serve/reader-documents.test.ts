import { describe, expect, it } from 'vitest';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import type { Reader } from '../core/types.js';
import { MemoryIndexStore } from './__fixtures__/memory-index-store.js';
import { createReaderDocuments } from './reader-documents.js';

class CountingStore extends MemoryIndexStore {
  readonly reads: string[] = [];
  override async getDocumentChunks(documentId: string) {
    this.reads.push(documentId);
    return super.getDocumentChunks(documentId);
  }
}

function seed(
  store: MemoryIndexStore,
  id: string,
  text: string,
  groups: string[],
  hash = `hash-${id}`,
): void {
  for (const [chunkId, chunk] of store.chunks) if (chunk.documentId === id) store.chunks.delete(chunkId);
  const chunk = makeChunk(id, 0, text, { groups, documentHash: hash });
  store.chunks.set(chunk.id, chunk);
  store.documents.set(id, makeRecord(id, 1, { groups, hash }));
}

describe('createReaderDocuments', () => {
  it('reads only the documents the reader may read, and each version once', async () => {
    const store = new CountingStore();
    seed(store, 'public.md', 'Refunds within 30 days.', ['public']);
    seed(store, 'hr.md', 'Salaries are private.', ['hr']);
    const documents = createReaderDocuments(store);
    const everyone: Reader = { kind: 'groups', groups: [] };
    expect([...(await documents.read(everyone)).keys()]).toEqual(['public.md']);
    expect(store.reads).toEqual(['public.md']);
    expect([...(await documents.read({ kind: 'groups', groups: ['HR '] })).keys()]).toEqual([
      'public.md',
      'hr.md',
    ]);
    // A second reader of the cached hr document is still refused it.
    expect([...(await documents.read(everyone)).keys()]).toEqual(['public.md']);
    expect(store.reads).toEqual(['public.md', 'hr.md']);

    // A new version (hash) is read again; groups narrowed on re-ingest take effect at once.
    seed(store, 'public.md', 'Refunds within 14 days.', ['public'], 'hash-2');
    seed(store, 'hr.md', 'Salaries are private.', ['board']);
    const hr = await documents.read({ kind: 'groups', groups: ['hr'] });
    expect([...hr.keys()]).toEqual(['public.md']);
    expect(hr.get('public.md')?.[0]?.text).toBe('Refunds within 14 days.');
    store.documents.delete('public.md');
    expect([...(await documents.read({ kind: 'all' })).keys()]).toEqual(['hr.md']);
  });
});
