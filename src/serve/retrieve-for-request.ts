import type { Reader, RetrievalMode } from '../core/types.js';
import { type RetrieveResult, retrieveWithSettings } from '../retrieve/index.js';
import { fieldError } from './error-response.js';
import type { ServeRuntime } from './serve-runtime.js';

/**
 * Retrieval with the workspace's settings for one request. The reader goes into every store
 * query (the index applies it), so a key never receives a chunk its groups may not read.
 */
export async function retrieveForRequest(
  runtime: ServeRuntime,
  options: { query: string; reader: Reader; k?: number; mode?: RetrievalMode; signal: AbortSignal },
): Promise<RetrieveResult> {
  const settings = runtime.config.retrieve;
  const { embedder, reranker, store } = runtime.dependencies;
  const mode = options.mode ?? settings.mode;
  if (mode !== 'bm25' && !embedder) {
    throw fieldError(
      'INPUT_INVALID',
      'mode',
      `Retrieval mode "${mode}" needs an embedding model, and this server has none.`,
      'Use mode "bm25", or configure models.embed in knowhow.yaml and re-ingest.',
    );
  }
  return retrieveWithSettings({
    store,
    query: options.query,
    reader: options.reader,
    settings,
    mode,
    signal: options.signal,
    ...(options.k === undefined ? {} : { k: options.k }),
    ...(embedder ? { embedder } : {}),
    ...(reranker ? { reranker } : {}),
  });
}
