import { KnowhowError } from '../core/errors.js';
import type { ServeRuntime } from './serve-runtime.js';

export interface DocumentDeleted {
  object: 'document.deleted';
  id: string;
  deleted: true;
  /** `api` for uploads; `files:<root>` for a file, which the next `knowhow ingest` adds back while it is on disk. */
  origin: string;
  chunks: number;
}

/**
 * DELETE /v1/documents/:id (admin keys): removes one document and its chunks, under the index's
 * writer lock. API uploads have no file to prune, so this is their delete; a file's document
 * comes back with the next `knowhow ingest` unless the file is removed too.
 */
export async function deleteDocument(id: string, runtime: ServeRuntime): Promise<DocumentDeleted> {
  const store = runtime.dependencies.store;
  return runtime.exclusive(async () => {
    const record = (store.getDocuments ? await store.getDocuments([id]) : await store.listDocuments()).get(
      id,
    );
    if (!record) {
      throw new KnowhowError('INPUT_NOT_FOUND', `There is no document "${id}" in the index.`, {
        hint: 'Document ids are as /v1/search returns them (document_id); encode "/" and "#" in the path.',
        details: { param: 'id' },
      });
    }
    await store.deleteDocuments([id]);
    runtime.indexChanged();
    return {
      object: 'document.deleted',
      id,
      deleted: true,
      origin: record.origin ?? '',
      chunks: record.chunkCount,
    };
  });
}
