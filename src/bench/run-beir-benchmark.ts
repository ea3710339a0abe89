/**
 * The BEIR retrieval benchmark: ingest a BEIR folder through the real pipeline (JSONL loader →
 * chunker → LanceDB), run every test query, score against the qrels. It measures; it never
 * asserts — the bars are printed beside the figures for a person to read.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isLanguage, type Language, type LanguageSetting } from '../analyze/index.js';
import type { IngestConfig } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';
import type { Progress } from '../core/progress.js';
import type { Chunk, RetrievalMode, SourceDocument } from '../core/types.js';
import { EVERYONE, PUBLIC_GROUP } from '../core/types.js';
import { ndcgAtK, recallAtK, reciprocalRankAtK, uniqueInOrder } from '../eval/index.js';
import { runIngest } from '../ingest/index.js';
import type { EmbeddingModel, Reranker } from '../providers/spec.js';
import { retrieve } from '../retrieve/index.js';
import { type PeerResult, runLanceDbPeer } from './run-lancedb-peer.js';

export interface BeirBenchmarkOptions {
  directory: string;
  split?: string;
  mode?: RetrievalMode;
  ingest: IngestConfig;
  /** The workspace's chunker (src/workspace): documents are cut as `knowhow ingest` cuts them. */
  chunk: (document: SourceDocument) => Chunk[];
  /** The workspace's index engine, at a folder of the benchmark's own. */
  openStore: (directory: string, embedder: EmbeddingModel | undefined) => Promise<IndexStore>;
  embedder?: EmbeddingModel;
  reranker?: Reranker;
  rerankTop?: number;
  /** Keep the index here instead of a temporary folder. */
  indexDirectory?: string;
  /** Only the first N queries (quick runs). */
  limitQueries?: number;
  /** The store's `retrieve.language`, for the report and for the peer's analyzer. */
  language?: LanguageSetting;
  /** Also run raw LanceDB full-text search with its own analyzer for the language, side by side. */
  peer?: 'lancedb';
  progress?: (label: string, total?: number) => Progress;
}

export interface BeirBenchmarkResult {
  dataset: string;
  mode: RetrievalMode;
  reranked: boolean;
  documents: number;
  chunks: number;
  queries: number;
  ndcgAt10: number;
  recallAt100: number;
  mrrAt10: number;
  ingestSeconds: number;
  /** Latency of the ranking queries (150 chunks deep, so that 100 distinct documents remain). */
  queryP50Ms: number;
  queryP95Ms: number;
  /** Latency of the same queries as a user runs them (`knowhow search`, k = 10 chunks with text). */
  userQueryP50Ms: number;
  userQueryP95Ms: number;
  queriesPerSecond: number;
  peakRssMb: number;
  failed: number;
  language: LanguageSetting;
  /** Documents per analyzer language, as the index recorded them. */
  documentLanguages: Record<string, number>;
  peer?: PeerResult & { engine: 'lancedb'; language: Language };
  /**
   * The same peer over knowhow's own chunks (a document ranked by its best one): the analyzers
   * compared on identical passages, without the chunking that only the knowhow run has.
   */
  peerOnChunks?: PeerResult;
}

async function* readJsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
}

async function readQrels(file: string): Promise<Map<string, Map<string, number>>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let first = true;
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const [queryId, corpusId, score] = line.split('\t');
    if (first && (queryId === 'query-id' || Number.isNaN(Number(score)))) {
      first = false;
      continue;
    }
    first = false;
    if (!queryId || !corpusId) continue;
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(corpusId, Number(score ?? 1));
    qrels.set(queryId, judged);
  }
  return qrels;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runBeirBenchmark(options: BeirBenchmarkOptions): Promise<BeirBenchmarkResult> {
  const directory = path.resolve(options.directory);
  const corpus = path.join(directory, 'corpus.jsonl');
  const qrelsFile = path.join(directory, 'qrels', `${options.split ?? 'test'}.tsv`);
  for (const file of [corpus, path.join(directory, 'queries.jsonl'), qrelsFile]) {
    try {
      await stat(file);
    } catch {
      throw new KnowhowError('INPUT_NOT_FOUND', `${file} is missing: ${directory} is not a BEIR folder.`, {
        hint: 'A BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv.',
      });
    }
  }
  const mode = options.mode ?? 'bm25';
  const qrels = await readQrels(qrelsFile);
  const queries: { id: string; text: string }[] = [];
  for await (const record of readJsonLines(path.join(directory, 'queries.jsonl'))) {
    const id = String(record._id);
    if (qrels.has(id)) queries.push({ id, text: String(record.text ?? '') });
  }
  const selected = options.limitQueries ? queries.slice(0, options.limitQueries) : queries;

  const indexDirectory = options.indexDirectory ?? (await mkdtemp(path.join(os.tmpdir(), 'knowhow-beir-')));
  const store = await options.openStore(indexDirectory, options.embedder);
  try {
    const ingestProgress = options.progress?.('ingest');
    const summary = await runIngest({
      paths: [corpus],
      cwd: directory,
      config: {
        ...options.ingest,
        json: { id: '_id', text: 'text', title: 'title', metadata: [], groups: 'groups' },
      },
      store,
      chunk: options.chunk,
      ...(options.embedder ? { embedder: options.embedder } : {}),
      ...(ingestProgress ? { progress: ingestProgress } : {}),
    });
    const stats = await store.stats();
    // Document ids of JSONL records are `corpus.jsonl#<_id>`; qrels speak of the bare _id.
    const prefix = 'corpus.jsonl#';
    const toCorpusId = (documentId: string) =>
      documentId.startsWith(prefix) ? documentId.slice(prefix.length) : documentId;

    const latencies: number[] = [];
    let ndcg = 0;
    let recall = 0;
    let mrr = 0;
    let reranked = false;
    const queryProgress = options.progress?.('queries', selected.length);
    const queryStarted = performance.now();
    for (const query of selected) {
      const started = performance.now();
      const result = await retrieve({
        store,
        query: query.text,
        reader: EVERYONE,
        // Chunks, not documents, come back: ask for extra so that 100 distinct documents remain.
        k: 150,
        candidates: 150,
        mode,
        ...(options.embedder ? { embedder: options.embedder } : {}),
        ...(options.reranker ? { reranker: options.reranker, rerankTop: options.rerankTop ?? 20 } : {}),
      });
      latencies.push(performance.now() - started);
      reranked ||= result.reranked;
      const ranked = uniqueInOrder(result.hits.map((hit) => toCorpusId(hit.chunk.documentId))).slice(0, 100);
      const relevant = qrels.get(query.id)!;
      ndcg += ndcgAtK(ranked, relevant, 10);
      recall += recallAtK(ranked, relevant, 100);
      mrr += reciprocalRankAtK(ranked, relevant, 10);
      queryProgress?.tick(1);
    }
    const querySeconds = (performance.now() - queryStarted) / 1000;
    queryProgress?.done();
    const userLatencies: number[] = [];
    for (const query of selected) {
      const started = performance.now();
      await retrieve({
        store,
        query: query.text,
        reader: EVERYONE,
        k: 10,
        mode,
        ...(options.embedder ? { embedder: options.embedder } : {}),
        ...(options.reranker ? { reranker: options.reranker, rerankTop: options.rerankTop ?? 20 } : {}),
      });
      userLatencies.push(performance.now() - started);
    }
    const n = Math.max(1, selected.length);
    const documentLanguages = stats.documentLanguages ?? {};
    const peerInput = {
      corpus,
      queries: selected,
      qrels,
      language: peerLanguage(options.language, documentLanguages),
    };
    const peer = options.peer ? await runPeer(peerInput) : undefined;
    const peerOnChunks = options.peer ? await runPeer({ ...peerInput, chunk: options.chunk }) : undefined;
    return {
      dataset: path.basename(directory),
      mode,
      reranked,
      documents: stats.documents,
      chunks: stats.chunks,
      queries: selected.length,
      ndcgAt10: ndcg / n,
      recallAt100: recall / n,
      mrrAt10: mrr / n,
      ingestSeconds: summary.seconds,
      queryP50Ms: percentile(latencies, 50),
      queryP95Ms: percentile(latencies, 95),
      userQueryP50Ms: percentile(userLatencies, 50),
      userQueryP95Ms: percentile(userLatencies, 95),
      queriesPerSecond: selected.length / Math.max(querySeconds, 1e-9),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      failed: summary.failed,
      language: options.language ?? 'english',
      documentLanguages,
      ...(peer ? { peer } : {}),
      ...(peerOnChunks ? { peerOnChunks } : {}),
    };
  } finally {
    await store.close();
    if (!options.indexDirectory) await rm(indexDirectory, { recursive: true, force: true });
  }
}

/** The peer analyzes in the configured language; under `auto`, in the language most documents are in. */
function peerLanguage(setting: LanguageSetting | undefined, counts: Record<string, number>): Language {
  if (setting && setting !== 'auto') return setting;
  const [most] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] ?? ['english'];
  return isLanguage(most) ? most : 'none';
}

async function runPeer(input: {
  corpus: string;
  queries: { id: string; text: string }[];
  qrels: Map<string, Map<string, number>>;
  language: Language;
  /** Index knowhow's chunks of each document instead of whole documents. */
  chunk?: (document: SourceDocument) => Chunk[];
}): Promise<PeerResult & { engine: 'lancedb'; language: Language }> {
  const documents: { id: string; title: string; text: string; documentId?: string }[] = [];
  for await (const record of readJsonLines(input.corpus)) {
    const id = String(record._id);
    const title = String(record.title ?? '');
    const text = String(record.text ?? '');
    if (!input.chunk) {
      documents.push({ id, title, text });
      continue;
    }
    const source: SourceDocument = {
      id,
      text,
      title,
      source: `corpus.jsonl#${id}`,
      format: 'json',
      modifiedAt: '',
      groups: [PUBLIC_GROUP],
      metadata: {},
      hash: id,
    };
    for (const chunk of input.chunk(source)) {
      documents.push({ id: chunk.id, title, text: chunk.text, documentId: id });
    }
  }
  const result = await runLanceDbPeer({
    documents,
    queries: input.queries,
    qrels: input.qrels,
    language: input.language,
  });
  return { engine: 'lancedb', language: input.language, ...result };
}
