/**
 * index — stores chunks and document records behind the IndexStore interface (src/core).
 * Default implementation: LanceDB, embedded on local disk. This stage stores and queries; it
 * must not load, chunk or embed documents, and must never filter access after the query.
 */

export { type CopyIndexOptions, type CopyIndexResult, copyIndex } from './copy-index.js';
export { type CrashPoint, crashPoints } from './crash-point.js';
export { rebuildIndexFolder, restoreIndexFolder, stagingFolderOf } from './index-folder-swap.js';
export {
  acquireIndexLock,
  DEFAULT_WRITER_WAIT_SECONDS,
  describeHolder,
  type IndexLock,
  indexLockFile,
  type LockOwner,
  readIndexLockOwner,
} from './index-lock.js';
export { IngestJournal } from './ingest-journal.js';
export {
  accessPredicate,
  LanceIndexStore,
  type LanceIndexStoreOptions,
} from './lance-index-store.js';
export { searchQueryText } from './search-text.js';
export {
  WRITER_IDLE_EXIT_MS,
  WRITER_RECYCLE_RSS_BYTES,
  WriterProcessIndexStore,
  type WriterProcessStoreOptions,
} from './writer-process-store.js';
