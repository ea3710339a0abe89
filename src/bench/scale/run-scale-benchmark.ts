/**
 * The scale benchmark: loads a generated corpus of N chunks into an index (any engine), then
 * measures BM25 with and without a group filter, dense and hybrid search with a hash embedder and
 * the approximate index's recall@10 against an exact scan, then re-ingests with nothing changed
 * and with 1% changed, and queries again before and after the fold a server makes of what that
 * change left outside the indexes. Writing phases run in processes of their own so that each reports its own
 * peak RSS (scale-phase.ts). It measures; it never asserts — except that no reader ever receives
 * a passage of a group it lacks, which would make every figure meaningless.
 */
import type { IndexStore } from '../../core/index-store.js';
import type { Progress } from '../../core/progress.js';
import type { Reader, RetrievalMode } from '../../core/types.js';
import { retrieve } from '../../retrieve/index.js';
import type { EngineStore } from '../../workspace/index.js';
import { findExactNeighbours } from './exact-neighbours.js';
import { HashEmbedder } from './hash-embedder.js';
import { CHUNKS_PER_DOCUMENT, ScaleCorpus } from './scale-corpus.js';
import {
  forkScalePhase,
  openScaleStore,
  type ScalePhaseFigures,
  type ScalePhaseJob,
  type ScaleStoreSpec,
} from './scale-phase.js';

/** The share of documents the second re-ingest changes: one in a hundred. */
const CHANGE_EVERY = 100;
/** Queries whose dense results are compared with the exact scan (recall@10 over 1,000 passages). */
const RECALL_QUERIES = 100;

export interface ScaleBenchmarkOptions {
  chunks: number;
  store: ScaleStoreSpec;
  /** Vector dimensions of the hash embedder; null measures BM25 only. */
  dimensions: number | null;
  /** Queries per measurement (default 200). */
  queries?: number;
  /** Concurrent clients to measure (default 1); the table shows the first. */
  clients?: number[];
  /** Documents per write (default 200, i.e. 2,000 chunks). */
  batchDocuments?: number;
  /** Runs a writing phase (default: in a child process; tests run it in process). */
  runPhase?: (job: ScalePhaseJob, tick: (documents: number) => void) => Promise<ScalePhaseFigures>;
  /** Called with the store the queries use (a server engine reads its version from it). */
  onOpen?: (store: EngineStore) => Promise<void>;
  progress?: (label: string, total?: number) => Progress;
}

export interface LatencyFigures {
  mode: RetrievalMode;
  /** Whether the reader was restricted to group g1 (every reader but an admin is). */
  filtered: boolean;
  clients: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  queriesPerSecond: number;
  /** Share of queries that found at least one passage (a sanity check of the generated queries). */
  answered: number;
}

export interface ScaleBenchmarkResult {
  chunks: number;
  documents: number;
  dimensions: number | null;
  load: ScalePhaseFigures;
  indexBytes: number;
  latencies: LatencyFigures[];
  /** Dense recall@10 of the g1 reader against the exact scan; null without vectors. */
  recallAt10: number | null;
  reingestUnchanged: ScalePhaseFigures;
  reingestChanged: ScalePhaseFigures;
  /** Queries after the 1% change, before and after the fold; null for stores that index every row as written. */
  afterChange: AfterChangeFigures | null;
  /** Passages returned to a reader not allowed to read them: must be 0. */
  leaks: number;
}

export interface AfterChangeFigures {
  /** Rows every query scanned outside the indexes after the 1% change. */
  unindexedRows: number;
  /** BM25 g1 (and hybrid g1 with vectors) then. */
  before: LatencyFigures[];
  /** The fold a server makes of those rows once idle (LanceIndexStore.measureLag). */
  fold: ScalePhaseFigures;
  after: LatencyFigures[];
}

const GROUP_READER: Reader = { kind: 'groups', groups: ['g1'] };
const ADMIN: Reader = { kind: 'all' };

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function allowedFor(reader: Reader): (groups: string[]) => boolean {
  if (reader.kind === 'all') return () => true;
  const readable = new Set(['public', ...reader.groups]);
  return (groups) => groups.some((group) => readable.has(group));
}

interface Measurement {
  figures: LatencyFigures;
  leaks: number;
  /** Ids returned for each query, by query number. */
  ids: string[][];
}

async function measure(
  store: IndexStore,
  queries: string[],
  mode: RetrievalMode,
  clients: number,
  reader: Reader,
  embedder: HashEmbedder | null,
): Promise<Measurement> {
  const allowed = allowedFor(reader);
  const latencies: number[] = [];
  const ids: string[][] = [];
  let next = 0;
  let answered = 0;
  let leaks = 0;
  const started = performance.now();
  const client = async () => {
    while (next < queries.length) {
      const number = next++;
      const begun = performance.now();
      const result = await retrieve({
        store,
        query: queries[number]!,
        reader,
        k: 10,
        mode,
        ...(embedder && mode !== 'bm25' ? { embedder } : {}),
      });
      latencies.push(performance.now() - begun);
      ids[number] = result.hits.map((hit) => hit.chunk.id);
      if (result.hits.length > 0) answered++;
      leaks += result.hits.filter((hit) => !allowed(hit.chunk.groups)).length;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  return {
    figures: {
      mode,
      filtered: reader.kind !== 'all',
      clients,
      queries: latencies.length,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      queriesPerSecond: latencies.length / Math.max(seconds, 1e-9),
      answered: answered / Math.max(1, latencies.length),
    },
    leaks,
    ids,
  };
}

async function runPhase(
  options: ScaleBenchmarkOptions,
  label: string,
  job: Omit<ScalePhaseJob, 'store' | 'chunks' | 'dimensions' | 'batchDocuments'>,
): Promise<ScalePhaseFigures> {
  const documents = Math.ceil(options.chunks / CHUNKS_PER_DOCUMENT);
  const progress = options.progress?.(label, documents);
  const figures = await (options.runPhase ?? forkScalePhase)(
    {
      ...job,
      store: options.store,
      chunks: options.chunks,
      dimensions: options.dimensions,
      batchDocuments: options.batchDocuments ?? 200,
    },
    (count) => progress?.tick(count),
  );
  progress?.done();
  return figures;
}

interface QueryFigures {
  latencies: LatencyFigures[];
  recallAt10: number | null;
  leaks: number;
  indexBytes: number;
  chunks: number;
}

async function measureQueries(options: ScaleBenchmarkOptions, corpus: ScaleCorpus): Promise<QueryFigures> {
  const embedder = options.dimensions ? new HashEmbedder(options.dimensions) : null;
  const store = await openScaleStore(options.store, options.dimensions);
  try {
    await options.onOpen?.(store);
    const stats = await store.stats();
    const queries = corpus.queries(options.queries ?? 200, options.chunks);
    const runs: { mode: RetrievalMode; reader: Reader }[] = [
      { mode: 'bm25', reader: ADMIN },
      { mode: 'bm25', reader: GROUP_READER },
      ...(embedder
        ? [
            { mode: 'dense' as const, reader: GROUP_READER },
            { mode: 'hybrid' as const, reader: GROUP_READER },
          ]
        : []),
    ];
    // Warm-up: one unmeasured pass of every query in every mode, so that each measurement sees the
    // same cache. With 20 warm-up queries, the first measurement alone read the other queries'
    // postings from disk: at 1,000,000 passages BM25 p50 50.5 ms with 2 clients, then 73.9 ms
    // with 8 and three times the throughput once the pages were cached.
    let leaks = 0;
    for (const run of runs) leaks += (await measure(store, queries, run.mode, 2, run.reader, embedder)).leaks;
    const latencies: LatencyFigures[] = [];
    let denseIds: string[][] = [];
    const progress = options.progress?.('queries');
    for (const run of runs) {
      for (const clients of options.clients ?? [1]) {
        const measured = await measure(store, queries, run.mode, clients, run.reader, embedder);
        latencies.push(measured.figures);
        leaks += measured.leaks;
        if (run.mode === 'dense' && denseIds.length === 0) denseIds = measured.ids;
        progress?.tick(measured.figures.queries);
      }
    }
    progress?.done();
    const recallAt10 = embedder ? measureRecall(options, corpus, embedder, queries, denseIds) : null;
    return { latencies, recallAt10, leaks, indexBytes: stats.bytesOnDisk, chunks: stats.chunks };
  } finally {
    await store.close();
  }
}

function measureRecall(
  options: ScaleBenchmarkOptions,
  corpus: ScaleCorpus,
  embedder: HashEmbedder,
  queries: string[],
  denseIds: string[][],
): number {
  const measured = queries.slice(0, RECALL_QUERIES);
  const progress = options.progress?.('exact scan', options.chunks);
  const exact = findExactNeighbours({
    corpus,
    embedder,
    chunks: options.chunks,
    queries: measured.map((query) => embedder.embed(query)),
    readable: allowedFor(GROUP_READER),
    k: 10,
    tick: (count) => progress?.tick(count),
  });
  progress?.done();
  let found = 0;
  let wanted = 0;
  exact.forEach((truth, q) => {
    wanted += truth.size;
    found += (denseIds[q] ?? []).filter((id) => truth.has(id)).length;
  });
  return wanted === 0 ? 1 : found / wanted;
}

/** BM25 g1, and hybrid g1 with vectors, one pass to warm up then measured (first client count). */
async function measureLagged(
  options: ScaleBenchmarkOptions,
  corpus: ScaleCorpus,
  label: string,
): Promise<{ unindexedRows: number; latencies: LatencyFigures[]; leaks: number } | null> {
  const embedder = options.dimensions ? new HashEmbedder(options.dimensions) : null;
  const store = await openScaleStore(options.store, options.dimensions);
  try {
    const lag = await store.measureLag?.();
    if (!lag) return null;
    const queries = corpus.queries(options.queries ?? 200, options.chunks);
    const modes: RetrievalMode[] = embedder ? ['bm25', 'hybrid'] : ['bm25'];
    const clients = options.clients?.[0] ?? 1;
    const progress = options.progress?.(label);
    const latencies: LatencyFigures[] = [];
    let leaks = 0;
    for (const mode of modes) {
      leaks += (await measure(store, queries, mode, 2, GROUP_READER, embedder)).leaks;
      const measured = await measure(store, queries, mode, clients, GROUP_READER, embedder);
      latencies.push(measured.figures);
      leaks += measured.leaks;
      progress?.tick(measured.figures.queries);
    }
    progress?.done();
    return { unindexedRows: lag.unindexedRows, latencies, leaks };
  } finally {
    await store.close();
  }
}

async function measureAfterChange(
  options: ScaleBenchmarkOptions,
  corpus: ScaleCorpus,
): Promise<{ figures: AfterChangeFigures | null; leaks: number }> {
  const before = await measureLagged(options, corpus, 'queries after 1% changed');
  if (!before) return { figures: null, leaks: 0 };
  const fold = await runPhase(options, 'fold', { phase: 'fold' });
  const after = await measureLagged(options, corpus, 'queries after the fold');
  return {
    figures: {
      unindexedRows: before.unindexedRows,
      before: before.latencies,
      fold,
      after: after?.latencies ?? [],
    },
    leaks: before.leaks + (after?.leaks ?? 0),
  };
}

export async function runScaleBenchmark(options: ScaleBenchmarkOptions): Promise<ScaleBenchmarkResult> {
  const corpus = new ScaleCorpus();
  const load = await runPhase(options, 'load', { phase: 'load' });
  const queried = await measureQueries(options, corpus);
  const reingestUnchanged = await runPhase(options, 're-ingest unchanged', { phase: 'reingest' });
  const reingestChanged = await runPhase(options, 're-ingest 1% changed', {
    phase: 'reingest',
    changeEvery: CHANGE_EVERY,
    version: 1,
  });
  const afterChange = await measureAfterChange(options, corpus);
  return {
    chunks: queried.chunks,
    documents: Math.ceil(options.chunks / CHUNKS_PER_DOCUMENT),
    dimensions: options.dimensions,
    load,
    indexBytes: queried.indexBytes,
    latencies: queried.latencies,
    recallAt10: queried.recallAt10,
    reingestUnchanged,
    reingestChanged,
    afterChange: afterChange.figures,
    leaks: queried.leaks + afterChange.leaks,
  };
}
