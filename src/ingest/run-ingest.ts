import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IngestConfig } from '../core/config/schema.js';
import { describeError, KnowhowError, toKnowhowError } from '../core/errors.js';
import type {
  DocumentVersion,
  DocumentWrite,
  IndexLag,
  IndexStore,
  WriteSessionOptions,
} from '../core/index-store.js';
import { type Progress, silentProgress } from '../core/progress.js';
import { hashParts } from '../core/text/hash.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import type { EmbeddingModel } from '../providers/spec.js';
import type { FileLedger } from './file-ledger.js';
import { type IngestScope, isInScope, originOf, scopeOf } from './ingest-scope.js';
import { describeFailure, type IngestFailure, isCoveredByFailure, loadDocuments } from './load-documents.js';
import { listKnownVersions, type PreviousVersion, RunDocuments } from './run-documents.js';
import { UnchangedFiles } from './unchanged-files.js';

/** Text held for one commit at most: bounds memory whatever the documents' sizes. */
const MAX_BATCH_TEXT = 32 * 1024 * 1024;
/** Uploads look up previous records this many documents (or this much text) at a time. */
const LOOKAHEAD_DOCUMENTS = 256;
const LOOKAHEAD_TEXT = 8 * 1024 * 1024;

export interface IngestOptions {
  /**
   * Files and folders. Without `projectRoot`, a folder is the root of its documents' ids and a
   * file's id is its name (uploads, benchmarks).
   */
  paths: string[];
  /** Relative paths resolve against this folder. */
  cwd: string;
  /**
   * The folder of knowhow.yaml: ids then depend on where a file is, never on the path typed —
   * relative to the outermost of `roots` that holds it, else to this folder (outside it, to the
   * folder given).
   */
  projectRoot?: string;
  /** The configured ingest folders (ingest.paths), absolute. */
  roots?: string[];
  /**
   * Recorded on every document written; default `files:<its root relative to projectRoot>`. Given
   * (API uploads: `api`), the inputs are a staging folder: nothing is counted missing or pruned.
   */
  origin?: string;
  /**
   * Leave the fold or compaction the run makes due to the caller's next store.optimize() (the
   * server queues one behind each upload); a first build's indexes are still built.
   */
  deferFold?: boolean;
  /** How the index's writer lock is taken for the run (default: fail at once if another process writes). */
  lock?: WriteSessionOptions;
  config: IngestConfig;
  store: IndexStore;
  /** The chunk stage, injected: ingest does not know how documents are split. */
  chunk: (document: SourceDocument) => Chunk[];
  embedder?: EmbeddingModel;
  /** Access groups for documents that name none (front matter and config rules win). */
  defaultGroups?: string[];
  /**
   * Remove indexed documents that this run's inputs no longer contain: only those under the paths
   * walked, only files (never API uploads). Without it they are counted as `missing`.
   */
  prune?: boolean;
  /**
   * What earlier runs left per file: a file whose stat, settings and indexed versions are all as
   * its last clean run left them is skipped unread. Without it every file is read.
   */
  fileLedger?: FileLedger;
  /** The knowhow version: a ledger entry made by another (whose loaders may read differently) is not trusted. */
  version?: string;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: number;
  chunks: number;
  embedded: number;
  embeddingsReused: number;
  bytes: number;
  seconds: number;
  failures: IngestFailure[];
  /** Share of time spent inside the embedding provider (0 without one). */
  embedSeconds: number;
  /** Indexed files under the paths walked that are no longer on disk (removed with `prune`). */
  missing: number;
  /** Up to 50 of their ids. */
  missingDocuments: string[];
  /** Half-written documents a crashed writer left, removed before this run (it writes them again). */
  recovered: number;
  /** Files skipped unread: stat, settings and indexed versions as their last clean run left them. */
  filesSkipped: number;
  /**
   * What queries scan outside the indexes after the run: a write folds only once enough has been
   * written to pay for rewriting them (store.optimize), so a small re-ingest of a large index may
   * leave rows a running server folds while idle. Null when the store has none to report.
   */
  lag: IndexLag | null;
}

/**
 * Incremental ingest: load → compare hashes → chunk → (embed) → write in batches. Documents
 * are streamed, never held whole; each batch is one atomic index write.
 */
export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  // The whole run is one writer: what it lists, compares and prunes cannot change under it.
  const session = await options.store.beginWrite?.({ purpose: 'ingest', ...options.lock });
  try {
    return await ingestUnderLock(options, session?.recovered.removed ?? 0);
  } finally {
    await session?.release();
  }
}

async function ingestUnderLock(options: IngestOptions, recovered: number): Promise<IngestSummary> {
  const started = performance.now();
  const progress = options.progress ?? silentProgress;
  const store = options.store;
  // Files: every record, to find what is gone. Uploads (an explicit origin) look up only their
  // own ids, so that a small upload costs in proportion to its size, not to the index.
  const known = options.origin === undefined ? await listKnownVersions(store) : null;
  const documents = known ?? new RunDocuments();
  const unchangedFiles =
    known && options.fileLedger
      ? new UnchangedFiles({
          ledger: await options.fileLedger.read(),
          known,
          settings: hashParts(
            options.version ?? '',
            JSON.stringify(options.config),
            (options.defaultGroups ?? []).join(','),
          ),
        })
      : null;
  // Without `known` (uploads), the documents read are looked up in the store a batch at a time.
  const previousOf = async (
    ids: string[],
  ): Promise<(document: SourceDocument, origin: string) => PreviousVersion> => {
    const found = store.getDocuments ? await store.getDocuments(ids) : await store.listDocuments();
    return (document, origin) => compareVersion(found.get(document.id), document, origin);
  };
  const projectRoot = options.projectRoot === undefined ? undefined : path.resolve(options.projectRoot);
  // Every record of a JSONL file has the same home: computing its origin once per home instead of
  // once per record took 1.7 s of path.relative/resolve out of a 22.5 s 1M-record re-ingest profile.
  const origins = new Map<string, string>();
  const originOfHome = (home: string): string => {
    let origin = origins.get(home);
    if (origin === undefined) {
      origin = originOf(home, projectRoot);
      origins.set(home, origin);
    }
    return origin;
  };
  const roots = projectRoot ? await existingFolders(options.roots ?? [], projectRoot) : [];
  const scopes: IngestScope[] = [];
  const summary: IngestSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    failed: 0,
    chunks: 0,
    embedded: 0,
    embeddingsReused: 0,
    bytes: 0,
    seconds: 0,
    failures: [],
    embedSeconds: 0,
    missing: 0,
    missingDocuments: [],
    lag: null,
    recovered,
    filesSkipped: 0,
  };
  const failures = summary.failures;
  const recordFailure = (failure: IngestFailure) => {
    failures.push(failure);
    summary.failed++;
    unchangedFiles?.noteFailure(failure.source);
    if (failure.documentId) documents.markSeen(failure.documentId);
  };

  let batch: DocumentWrite[] = [];
  let batchChunks = 0;
  let batchBytes = 0;
  const writeBatch = async (writes: DocumentWrite[]) => {
    if (options.embedder) {
      try {
        await embedBatch(writes, options.embedder, store, summary, options.signal);
      } catch (error) {
        // A failed model call fails these documents, not the run; they are retried on the next ingest.
        const failed = toKnowhowError(error, 'PROVIDER_RESPONSE');
        if (failed.code === 'CANCELLED') throw failed;
        for (const write of writes) {
          recordFailure({
            source: write.document.source,
            documentId: write.document.id,
            code: failed.code,
            reason: `embedding failed: ${failed.message}`,
            hint: failed.hint ?? 'Check the embedding provider, then run `knowhow ingest` again.',
          });
          summary.chunks -= write.chunks.length;
        }
        return;
      }
    }
    await store.writeDocuments(writes);
    for (const write of writes) {
      if (write.replaces) summary.updated++;
      else summary.added++;
    }
  };
  // One batch is written while the next is read and chunked: the store's native work and ours
  // overlap. Never more than one: writes stay in order, and the journal covers one batch at a time.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (batch.length === 0) return;
    const writes = batch;
    batch = [];
    batchChunks = 0;
    batchBytes = 0;
    writing = writeBatch(writes);
    // Its failure is thrown by the next flush, which always comes (the last one is awaited below).
    writing.catch(() => {});
  };

  // The previous records of waiting documents are looked up together: one query per batch of
  // an upload rather than one per document (each native call queues behind searches).
  const waiting: { document: SourceDocument; origin: string; file: string }[] = [];
  let waitingBytes = 0;
  /** Adds a read document to the batch (or counts it unchanged); true when the batch is full. */
  const admit = (
    { document, origin, file }: { document: SourceDocument; origin: string; file: string },
    previous: PreviousVersion,
  ): boolean => {
    if (previous === 'same') {
      unchangedFiles?.noteDocument(file, { id: document.id, hash: document.hash, origin });
      summary.unchanged++;
      progress.tick(1);
      return false;
    }
    let chunks: Chunk[];
    try {
      chunks = options.chunk(document);
    } catch (error) {
      recordFailure({
        source: document.source,
        documentId: document.id,
        code: 'INPUT_INVALID',
        reason: `could not be chunked: ${describeError(error)}`,
        hint: 'Report this document: the chunker should accept any text.',
      });
      progress.tick(1);
      return false;
    }
    if (chunks.length === 0) {
      recordFailure({
        source: document.source,
        documentId: document.id,
        code: 'INPUT_INVALID',
        reason: 'no text to index after extraction',
        hint: 'The file has no readable text; remove it or exclude it with ingest.exclude.',
      });
      progress.tick(1);
      return false;
    }
    batch.push({
      document: {
        id: document.id,
        hash: document.hash,
        title: document.title,
        source: document.source,
        format: document.format,
        modifiedAt: document.modifiedAt,
        groups: document.groups,
        chunkCount: chunks.length,
        ingestedAt: new Date().toISOString(),
        origin,
      },
      chunks,
      // Looked up under this run's writer lock: the store need not look again.
      replaces: previous !== 'absent',
    });
    // A failed write throws and ends the run before the ledger is saved; a failed embedding
    // records a failure, which takes the file out of the ledger.
    unchangedFiles?.noteDocument(file, { id: document.id, hash: document.hash, origin });
    summary.chunks += chunks.length;
    batchChunks += chunks.length;
    batchBytes += document.text.length;
    progress.tick(1);
    return (
      batch.length >= options.config.batchSize ||
      batchChunks >= options.config.batchSize * 8 ||
      batchBytes >= MAX_BATCH_TEXT
    );
  };
  const settle = async () => {
    const items = waiting.splice(0);
    waitingBytes = 0;
    if (items.length === 0) return;
    const lookup = await previousOf(items.map((item) => item.document.id));
    for (const item of items) if (admit(item, lookup(item.document, item.origin))) await flush();
  };

  try {
    for (const input of options.paths) {
      const absolute = path.resolve(options.cwd, input);
      let folder: boolean;
      try {
        folder = (await stat(absolute)).isDirectory();
      } catch (error) {
        recordFailure({
          source: input,
          code: 'INPUT_NOT_FOUND',
          reason: `cannot read ${input}: ${describeError(error)}`,
          hint: 'Check the path; it is resolved against the current folder.',
        });
        continue;
      }
      const own = folder ? absolute : path.dirname(absolute);
      scopes.push(scopeOf({ absolute, folder, roots, projectRoot }));
      for await (const outcome of loadDocuments({
        paths: [absolute],
        root: projectRoot ?? own,
        anchors: roots,
        config: options.config,
        ...(options.defaultGroups ? { defaultGroups: options.defaultGroups } : {}),
        ...(unchangedFiles
          ? { skipFile: (file) => unchangedFiles.isUnchanged(file.source, file.absolutePath) }
          : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      })) {
        options.signal?.throwIfAborted();
        if (outcome.kind === 'unchanged-file') {
          const versions = unchangedFiles?.takeVouched(outcome.source) ?? [];
          for (const version of versions) documents.markSeenAt(version);
          summary.unchanged += versions.length;
          summary.filesSkipped++;
          progress.tick(versions.length);
          continue;
        }
        if (outcome.kind === 'failure') {
          recordFailure(outcome.failure);
          progress.tick(1);
          continue;
        }
        const document = outcome.document;
        const origin = options.origin ?? originOfHome(outcome.home);
        const entry = documents.claim(document.id);
        if (entry === -1) {
          recordFailure({
            source: document.source,
            documentId: document.id,
            code: 'INPUT_INVALID',
            reason: `duplicate document id "${document.id}" (already produced by another input in this run)`,
            hint: 'Give records unique ids, or ingest folders whose relative paths do not collide.',
          });
          progress.tick(1);
          continue;
        }
        summary.bytes += Buffer.byteLength(document.text);
        if (known) {
          // Compared at once, without an awaited step per document: a million of them (a lookup
          // and an admission each) took 2.4 s of a 17 s profiled 1%-changed re-ingest.
          const full = admit(
            { document, origin, file: outcome.file },
            known.compareAt(entry, document.hash, origin),
          );
          if (full) await flush();
          continue;
        }
        waiting.push({ document, origin, file: outcome.file });
        waitingBytes += document.text.length;
        if (waiting.length >= LOOKAHEAD_DOCUMENTS || waitingBytes >= LOOKAHEAD_TEXT) await settle();
      }
    }
    await settle();
    await flush();
    await writing;
  } finally {
    // A failed read or a cancellation must not return while a write still runs: the caller
    // would close the store under it.
    await writing.catch(() => {});
  }

  // Only files under the paths walked, never API uploads; a document that failed to load this
  // time is kept: a bad read must never delete good data.
  // With an explicit origin (API uploads) the inputs are a staging folder, not where files live.
  const stale = [...(known?.unseenKnown() ?? [])]
    .filter((record) => isInScope(record, scopes, projectRoot))
    .map((record) => record.id)
    .filter((id) => !failures.some((failure) => isCoveredByFailure(id, failure)));
  if (options.prune) {
    await store.deleteDocuments(stale);
    summary.removed = stale.length;
  } else {
    summary.missing = stale.length;
    summary.missingDocuments = stale.slice(0, 50);
  }
  documents.release();
  await store.optimize(options.deferFold ? { deferFold: true } : {});
  // Not for the server's uploads (deferFold): their answer waits for this, and the server folds.
  if (!options.deferFold) summary.lag = (await store.measureLag?.()) ?? null;
  if (unchangedFiles && options.fileLedger) await saveLedger(options.fileLedger, unchangedFiles);
  summary.seconds = (performance.now() - started) / 1000;
  const changed = summary.added + summary.updated + summary.unchanged;
  progress.done(
    `${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.failed} failed`,
  );
  if (changed === 0 && summary.failed > 0) {
    throw new KnowhowError('NOTHING_INGESTED', `No document could be ingested (${summary.failed} failed).`, {
      // The reasons go in the hint, so the text output shows them too, not only --json's details.
      hint: `Fix or exclude these files:\n${failures
        .slice(0, 20)
        .map((failure) => `    ${describeFailure(failure)}`)
        .join('\n')}${failures.length > 20 ? `\n    … and ${failures.length - 20} more (see --json)` : ''}`,
      details: { failures: failures.slice(0, 50) },
    });
  }
  return summary;
}

/** A document recorded without its origin (an older index) is written again once to record it. */
function compareVersion(
  previous: DocumentVersion | undefined,
  document: SourceDocument,
  origin: string,
): PreviousVersion {
  if (!previous) return 'absent';
  return previous.hash === document.hash && previous.origin === origin ? 'same' : 'changed';
}

/**
 * Saved only after the index committed. A ledger that cannot be written costs the next run a
 * full read, never a wrong skip (an entry vouches only for what the index still holds), so it
 * does not fail an ingest that succeeded.
 */
async function saveLedger(ledger: FileLedger, unchangedFiles: UnchangedFiles): Promise<void> {
  try {
    await ledger.write(unchangedFiles.entries());
  } catch {
    // See above: the index is already written.
  }
}

/** Embeds the chunks of a batch, reusing vectors of identical chunk text already in the index. */
async function embedBatch(
  writes: DocumentWrite[],
  embedder: EmbeddingModel,
  store: IndexStore,
  summary: IngestSummary,
  signal: AbortSignal | undefined,
): Promise<void> {
  const allChunks = writes.flatMap((write) => write.chunks);
  const reusable = await store.getVectorsByHash([...new Set(allChunks.map((chunk) => chunk.hash))]);
  const vectorsByHash = new Map(reusable);
  const missing = [
    ...new Map(allChunks.filter((chunk) => !vectorsByHash.has(chunk.hash)).map((c) => [c.hash, c])).values(),
  ];
  summary.embeddingsReused += allChunks.length - missing.length;
  const started = performance.now();
  for (let i = 0; i < missing.length; i += embedder.maxBatchSize) {
    const slice = missing.slice(i, i + embedder.maxBatchSize);
    const { embeddings } = await embedder.doEmbed({
      values: slice.map((chunk) => (chunk.title ? `${chunk.title}\n${chunk.text}` : chunk.text)),
      purpose: 'document',
      ...(signal ? { signal } : {}),
    });
    slice.forEach((chunk, j) => {
      const vector = embeddings[j];
      if (vector) vectorsByHash.set(chunk.hash, vector);
    });
    summary.embedded += slice.length;
  }
  summary.embedSeconds += (performance.now() - started) / 1000;
  for (const write of writes) {
    write.vectors = write.chunks.map((chunk) => {
      const vector = vectorsByHash.get(chunk.hash);
      if (!vector) {
        throw new KnowhowError(
          'PROVIDER_RESPONSE',
          `The embedding model returned no vector for ${chunk.id}.`,
          {
            hint: 'Check the embedding provider; the batch was not written.',
          },
        );
      }
      return vector;
    });
  }
}

/** Configured ingest paths that are folders (a configured file anchors nothing). */
async function existingFolders(paths: string[], base: string): Promise<string[]> {
  const folders: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(base, given);
    try {
      if ((await stat(absolute)).isDirectory()) folders.push(absolute);
    } catch {
      // A missing root is reported when it is walked; it anchors nothing.
    }
  }
  return folders;
}
