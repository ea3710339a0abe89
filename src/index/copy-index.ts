import { KnowhowError } from '../core/errors.js';
import type { DocumentWrite, IndexStore, WriteSessionOptions } from '../core/index-store.js';
import type { Progress } from '../core/progress.js';
import type { DocumentRecord } from '../core/types.js';

/**
 * Copies an index from one store to another (LanceDB ⇄ PostgreSQL), chunks and vectors as they
 * are: nothing is re-chunked or re-embedded. Only the IndexStore interface is used, so any engine
 * pair works. The target ends up mirroring the source: documents the target already holds with
 * the same hash and chunk count are skipped, the others are written (each batch one atomic write),
 * and documents the source lacks are deleted — so an interrupted copy is resumed by running it
 * again, and copying twice changes nothing.
 */

export interface CopyIndexOptions {
  from: IndexStore;
  to: IndexStore;
  /** Chunks per write (default 2,000: one PostgreSQL transaction or LanceDB commit each). */
  batchChunks?: number;
  progress?: Progress;
  /** The target's writer lock: how long to wait for another writer (default: fail at once). */
  lock?: WriteSessionOptions;
}

export interface CopyIndexResult {
  documents: number;
  chunks: number;
  vectors: number;
  /** Documents the target already held unchanged. */
  skipped: number;
  /** Documents of the target that the source lacks, deleted. */
  deleted: number;
  seconds: number;
}

/** Documents read at once: a source answers one document per query, so its latency overlaps. */
const READ_AHEAD = 16;

async function checkCompatible(from: IndexStore, to: IndexStore): Promise<void> {
  const [source, target] = await Promise.all([from.stats(), to.stats()]);
  if (source.language !== target.language) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The source index analyzes BM25 words as "${source.language}", the target as "${target.language}".`,
      { hint: 'Copy into a new, empty target: it is created with the source index settings.' },
    );
  }
  if (
    source.vectorDimensions !== target.vectorDimensions ||
    source.embeddingModel !== target.embeddingModel
  ) {
    const describe = (stats: typeof source) =>
      stats.vectorDimensions === null
        ? 'no vectors'
        : `${stats.embeddingModel ?? 'unknown model'} (${stats.vectorDimensions} dimensions)`;
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The source index holds ${describe(source)}, the target ${describe(target)}.`,
      { hint: 'Copy into a new, empty target: it is created with the source index settings.' },
    );
  }
}

function unchanged(source: DocumentRecord, target: DocumentRecord | undefined): boolean {
  return target !== undefined && target.hash === source.hash && target.chunkCount === source.chunkCount;
}

async function readDocument(
  from: IndexStore,
  record: DocumentRecord,
  vectors: boolean,
): Promise<DocumentWrite> {
  const chunks = await from.getDocumentChunks(record.id);
  if (!vectors) return { document: record, chunks };
  const found = await from.getVectorsByHash(chunks.map((chunk) => chunk.hash));
  const missing = chunks.find((chunk) => !found.has(chunk.hash));
  if (missing) {
    throw new KnowhowError('INDEX_INCOMPATIBLE', `Chunk ${missing.id} of the source index has no vector.`, {
      hint: 'Re-run `knowhow ingest` on the source index first (an interrupted ingest leaves chunks to embed).',
    });
  }
  return { document: record, chunks, vectors: chunks.map((chunk) => found.get(chunk.hash)!) };
}

export async function copyIndex(options: CopyIndexOptions): Promise<CopyIndexResult> {
  // One writer of the target for the whole copy: what it lists and deletes cannot change under it.
  const session = await options.to.beginWrite?.({ purpose: 'index copy', ...options.lock });
  try {
    return await copyUnderLock(options);
  } finally {
    await session?.release();
  }
}

async function copyUnderLock(options: CopyIndexOptions): Promise<CopyIndexResult> {
  const started = performance.now();
  const { from, to } = options;
  await checkCompatible(from, to);
  const vectors = (await from.stats()).vectorDimensions !== null;
  const [source, target] = await Promise.all([from.listDocuments(), to.listDocuments()]);
  const pending = [...source.values()].filter((record) => !unchanged(record, target.get(record.id)));
  const extra = [...target.keys()].filter((id) => !source.has(id));
  options.progress?.setTotal(source.size);
  options.progress?.tick(source.size - pending.length);
  const result = { documents: 0, chunks: 0, vectors: 0, skipped: source.size - pending.length, deleted: 0 };
  const limit = options.batchChunks ?? 2000;
  let batch: DocumentWrite[] = [];
  let batchChunks = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await to.writeDocuments(batch);
    options.progress?.tick(batch.length);
    batch = [];
    batchChunks = 0;
  };
  for (let i = 0; i < pending.length; i += READ_AHEAD) {
    const writes = await Promise.all(
      pending.slice(i, i + READ_AHEAD).map((record) => readDocument(from, record, vectors)),
    );
    for (const write of writes) {
      batch.push(write);
      batchChunks += write.chunks.length;
      result.documents++;
      result.chunks += write.chunks.length;
      result.vectors += write.vectors?.length ?? 0;
      if (batchChunks >= limit) await flush();
    }
  }
  await flush();
  if (extra.length > 0) {
    await to.deleteDocuments(extra);
    result.deleted = extra.length;
  }
  await to.optimize();
  options.progress?.done();
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
