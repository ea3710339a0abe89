import type { RetrieveConfig } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';
import type { Reader, RetrievalMode, SearchHit } from '../core/types.js';
import type { EmbeddingModel, Reranker } from '../providers/spec.js';
import { fuseRankings, fuseReciprocalRank } from './fuse-reciprocal-rank.js';

/** Candidates a reranker reorders when the caller names no number. */
const DEFAULT_RERANK_TOP = 20;

export interface RetrieveOptions {
  store: IndexStore;
  query: string;
  reader: Reader;
  k: number;
  mode?: RetrievalMode;
  /** Candidates per retriever before fusion or reranking (≥ k). */
  candidates?: number;
  rrfK?: number;
  embedder?: EmbeddingModel;
  reranker?: Reranker;
  /** Rerank only the first N fused candidates (reranking is the expensive step). */
  rerankTop?: number;
  signal?: AbortSignal;
}

export interface RetrieveResult {
  hits: SearchHit[];
  mode: RetrievalMode;
  reranked: boolean;
  timings: { retrieveMs: number; rerankMs: number };
}

/**
 * Finds the chunks for a query. Every underlying query carries the reader's access predicate,
 * so candidates the reader may not see are never fetched, fused or reranked.
 */
export async function retrieve(options: RetrieveOptions): Promise<RetrieveResult> {
  const mode = options.mode ?? 'bm25';
  const started = performance.now();
  const needsCandidates = options.reranker !== undefined || mode === 'hybrid';
  const candidates = Math.max(options.k, needsCandidates ? (options.candidates ?? 50) : options.k);
  const search = { k: candidates, reader: options.reader };

  let hits: SearchHit[];
  if (mode === 'bm25') {
    hits = await options.store.searchText(options.query, search);
  } else {
    if (!options.embedder) {
      throw new KnowhowError('PROVIDER_CONFIG', `Retrieval mode "${mode}" needs an embedding model.`, {
        hint: 'Set models.embed in knowhow.yaml (then `knowhow ingest --rebuild`), or use retrieve.mode: bm25.',
      });
    }
    const { embeddings } = await options.embedder.doEmbed({
      values: [options.query],
      purpose: 'query',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const vector = embeddings[0];
    if (!vector)
      throw new KnowhowError('PROVIDER_RESPONSE', 'The embedding model returned no vector for the query.');
    if (mode === 'dense') {
      hits = await options.store.searchVector(vector, search);
    } else {
      hits = await searchHybrid(options, vector, candidates);
    }
  }
  const retrieveMs = performance.now() - started;

  let reranked = false;
  let rerankMs = 0;
  if (options.reranker && hits.length > 1) {
    const rerankStarted = performance.now();
    const top = hits.slice(0, options.rerankTop ?? DEFAULT_RERANK_TOP);
    const { scores } = await options.reranker.doRerank({
      query: options.query,
      documents: top.map((hit) => hit.chunk.text),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const rescored = top
      .map((hit, i) => ({ hit, score: scores[i] ?? Number.NEGATIVE_INFINITY }))
      .sort((a, b) => b.score - a.score);
    hits = [...rescored.map((entry) => ({ ...entry.hit, score: entry.score })), ...hits.slice(top.length)];
    reranked = true;
    rerankMs = performance.now() - rerankStarted;
  }
  return {
    hits: hits.slice(0, options.k).map((hit, i) => ({ ...hit, rank: i + 1 })),
    mode,
    reranked,
    timings: { retrieveMs, rerankMs },
  };
}

/**
 * BM25 and dense fused by reciprocal rank. A store that fuses before reading chunks is asked for
 * only the chunks used after it: k, or the first rerankTop when a reranker reorders them.
 */
function searchHybrid(
  options: RetrieveOptions,
  vector: Float32Array | number[],
  candidates: number,
): Promise<SearchHit[]> {
  const { store, query, reader } = options;
  const constant = options.rrfK ? { k: options.rrfK } : {};
  if (store.searchHybrid) {
    const used = options.reranker ? Math.max(options.k, options.rerankTop ?? DEFAULT_RERANK_TOP) : options.k;
    return store.searchHybrid(query, vector, {
      k: Math.min(used, candidates),
      candidates,
      reader,
      fuse: (lists, limit) => fuseRankings(lists, { ...constant, limit }),
    });
  }
  const search = { k: candidates, reader };
  return Promise.all([store.searchText(query, search), store.searchVector(vector, search)]).then((lists) =>
    fuseReciprocalRank(lists, { ...constant, limit: candidates }),
  );
}

export interface RetrieveWithSettingsOptions {
  store: IndexStore;
  query: string;
  reader: Reader;
  /** knowhow.yaml's `retrieve:` section. */
  settings: RetrieveConfig;
  /** Overrides of settings.k and settings.mode for this query. */
  k?: number;
  mode?: RetrievalMode;
  embedder?: EmbeddingModel;
  reranker?: Reranker;
  signal?: AbortSignal;
}

/** `retrieve` with the configured k, mode, candidates, fusion constant and reranking. */
export function retrieveWithSettings(options: RetrieveWithSettingsOptions): Promise<RetrieveResult> {
  const { settings } = options;
  return retrieve({
    store: options.store,
    query: options.query,
    reader: options.reader,
    k: options.k ?? settings.k,
    mode: options.mode ?? settings.mode,
    candidates: settings.candidates,
    rrfK: settings.rrfK,
    ...(options.embedder ? { embedder: options.embedder } : {}),
    ...(options.reranker && settings.rerank.enabled
      ? { reranker: options.reranker, rerankTop: settings.rerank.top }
      : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
