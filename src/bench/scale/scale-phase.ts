/**
 * The writing phases of the scale benchmark — the first load and the re-ingests — each run in a
 * process of its own (scale-phase-child.ts), so that the peak RSS it reports (the kernel's
 * maxRSS of that process) is the phase's alone: a process that has already loaded and queried
 * an index keeps most of that memory, and would report it again for every later phase.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../../core/errors.js';
import type { DocumentWrite, IndexEngineName } from '../../core/index-store.js';
import { listKnownVersions, RunDocuments } from '../../ingest/index.js';
import { type EngineStore, type IndexDatabase, indexEngineFor } from '../../workspace/index.js';
import { HashEmbedder } from './hash-embedder.js';
import { CHUNKS_PER_DOCUMENT, documentIdOf, ScaleCorpus } from './scale-corpus.js';

/** Where the benchmark's index lives, in terms a child process can open it by. */
export interface ScaleStoreSpec {
  indexEngine: IndexEngineName;
  /** LanceDB's folder (a server engine's stores ignore it). */
  directory: string;
  database: IndexDatabase | null;
}

export interface ScalePhaseJob {
  /** `fold`: what a server does once idle after a re-ingest left rows outside the indexes. */
  phase: 'load' | 'reingest' | 'fold';
  store: ScaleStoreSpec;
  chunks: number;
  /** Hash-embedder dimensions; null: no vectors. */
  dimensions: number | null;
  /** Documents per write (ingest batches). */
  batchDocuments: number;
  /** Re-ingest: one document in `changeEvery` gets a new version (0: nothing changes). */
  changeEvery?: number;
  /** The version changed documents get. */
  version?: number;
}

export interface ScalePhaseFigures {
  /** Wall time of the phase: listing, comparing, writing and the closing optimize. */
  seconds: number;
  /** The closing optimize alone (index builds and folds, compaction). */
  optimizeSeconds: number;
  /**
   * Time on the writer's own thread spent generating the corpus and hashing it (what reading and
   * hashing files is in an ingest) and embedding it with the hash embedder (a model's work), both
   * part of `seconds`: at 100,000 chunks × 768 they were a third of the thread's CPU profile.
   */
  generateSeconds: number;
  embedSeconds: number;
  /** Peak resident memory of the process that ran the phase. */
  peakRssBytes: number;
  documentsWritten: number;
  chunksWritten: number;
  /** Bytes of passage text in the corpus (what the index is compared with). */
  textBytes: number;
}

export function embeddingModelOf(embedder: HashEmbedder): string {
  return `${embedder.provider}:${embedder.modelId}`;
}

export function openScaleStore(spec: ScaleStoreSpec, dimensions: number | null): Promise<EngineStore> {
  const embedder = dimensions ? new HashEmbedder(dimensions) : null;
  return indexEngineFor(spec.indexEngine).open({
    directory: spec.directory,
    ...(spec.database ? { database: spec.database } : {}),
    language: 'english',
    vectorDimensions: embedder?.dimensions ?? null,
    embeddingModel: embedder ? embeddingModelOf(embedder) : null,
  });
}

/**
 * What an ingest does, on generated documents instead of files: under one writer session, list
 * the indexed versions (re-ingest), generate every document (as ingest reads and hashes every
 * file), write those whose hash differs in batches (the next batch generated while the store
 * writes this one), then optimize.
 */
export async function runScalePhase(
  job: ScalePhaseJob,
  tick: (documents: number) => void = () => {},
): Promise<ScalePhaseFigures> {
  if (job.phase === 'fold') return runFoldPhase(job);
  const corpus = new ScaleCorpus();
  const embedder = job.dimensions ? new HashEmbedder(job.dimensions) : null;
  const store = await openScaleStore(job.store, job.dimensions);
  const figures = {
    documentsWritten: 0,
    chunksWritten: 0,
    textBytes: 0,
    generateSeconds: 0,
    embedSeconds: 0,
  };
  try {
    const started = performance.now();
    const session = await store.beginWrite?.({ purpose: 'ingest' });
    let optimizeSeconds = 0;
    try {
      const known = job.phase === 'load' ? new RunDocuments() : await listKnownVersions(store);
      const documents = Math.ceil(job.chunks / CHUNKS_PER_DOCUMENT);
      const versionOf = (index: number) =>
        job.changeEvery && index % job.changeEvery === 0 ? (job.version ?? 1) : 0;
      const changedOf = (index: number): DocumentWrite | null => {
        const chunkCount = Math.min(CHUNKS_PER_DOCUMENT, job.chunks - index * CHUNKS_PER_DOCUMENT);
        const generating = performance.now();
        const text = corpus.documentText(index, chunkCount, versionOf(index));
        for (const passage of text.texts) figures.textBytes += Buffer.byteLength(passage);
        const previous = known.previous(documentIdOf(index));
        if (previous?.hash === text.hash) {
          figures.generateSeconds += (performance.now() - generating) / 1000;
          return null;
        }
        const write = corpus.document(index, chunkCount, versionOf(index), text);
        const embedding = performance.now();
        figures.generateSeconds += (embedding - generating) / 1000;
        const vectors = embedder ? write.chunks.map((chunk) => embedder.embed(chunk.text)) : null;
        figures.embedSeconds += (performance.now() - embedding) / 1000;
        return { ...write, replaces: previous !== undefined, ...(vectors ? { vectors } : {}) };
      };
      // Writes gather until a batch is full, as ingest's do (by text size there): a 1% change is
      // a few writes, not one per batch of documents read (50 merges of 2 documents took 47 s of
      // a 100,000-chunk re-ingest's 50).
      let writing: Promise<void> = Promise.resolve();
      let batch: DocumentWrite[] = [];
      let read = 0;
      const flush = async () => {
        const writes = batch;
        const reached = read;
        batch = [];
        await writing;
        figures.documentsWritten += writes.length;
        figures.chunksWritten += writes.reduce((sum, write) => sum + write.chunks.length, 0);
        // The next batch is generated while the store writes this one.
        writing = (writes.length > 0 ? store.writeDocuments(writes) : Promise.resolve()).then(() =>
          tick(reached),
        );
        writing.catch(() => {});
      };
      for (let index = 0; index < documents; index++) {
        const write = changedOf(index);
        if (write) batch.push(write);
        read++;
        if (batch.length >= job.batchDocuments) {
          await flush();
          read = 0;
        } else if (batch.length === 0 && read >= job.batchDocuments) {
          tick(read);
          read = 0;
        }
      }
      await flush();
      await writing;
      const optimizeStarted = performance.now();
      await store.optimize();
      optimizeSeconds = (performance.now() - optimizeStarted) / 1000;
    } finally {
      await session?.release();
    }
    return {
      ...figures,
      seconds: (performance.now() - started) / 1000,
      optimizeSeconds,
      // maxRSS is in kilobytes (getrusage).
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    await store.close();
  }
}

/** Folds every row written since the last fold into the indexes, as the server's idle maintenance. */
async function runFoldPhase(job: ScalePhaseJob): Promise<ScalePhaseFigures> {
  const store = await openScaleStore(job.store, job.dimensions);
  try {
    const started = performance.now();
    await store.optimize({ full: true });
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds,
      optimizeSeconds: seconds,
      generateSeconds: 0,
      embedSeconds: 0,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      documentsWritten: 0,
      chunksWritten: 0,
      textBytes: 0,
    };
  } finally {
    await store.close();
  }
}

/** Messages from the child: progress ticks, then its figures or its error. */
export type ScalePhaseMessage =
  | { kind: 'tick'; documents: number }
  | { kind: 'done'; figures: ScalePhaseFigures }
  | { kind: 'failed'; message: string };

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scale-phase-child.js');

/** Runs a phase in a fresh Node process (the built scale-phase-child.js) and returns its figures. */
export function forkScalePhase(
  job: ScalePhaseJob,
  tick: (documents: number) => void = () => {},
): Promise<ScalePhaseFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript, [JSON.stringify(job)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (message: ScalePhaseMessage) => {
      if (message.kind === 'tick') tick(message.documents);
      else if (message.kind === 'done') {
        settled = true;
        resolve(message.figures);
      } else {
        settled = true;
        reject(
          new KnowhowError('INDEX_FAILED', `The scale benchmark's ${job.phase} failed: ${message.message}`),
        );
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!settled) {
        reject(
          new KnowhowError(
            'INDEX_FAILED',
            `The scale benchmark's ${job.phase} process ended (${signal ?? `exit ${code}`}) without figures.`,
            { hint: 'Out of memory? Try a smaller --chunks.' },
          ),
        );
      }
    });
  });
}
