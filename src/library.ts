/**
 * The high-level library API: the same operations as `knowhow ingest`, `search` and `ask`,
 * for scripts and services. Each call opens the workspace (knowhow.yaml found from `cwd`
 * upwards, or defaults), does its work and closes the index.
 */
import { chunkDocument } from './chunk/index.js';
import { openStore, openWorkspace, type Workspace } from './cli/open-workspace.js';
import {
  createAnswerModel,
  createEmbedder,
  createReranker,
  resolveEmbeddingDimensions,
} from './cli/select-providers.js';
import { type RetrievalMode, readerForGroups, type SearchHit } from './core/types.js';
import { type AnswerResult, generateAnswer } from './generate/index.js';
import { DEFAULT_WRITER_WAIT_SECONDS } from './index/index.js';
import { type IngestSummary, runIngest } from './ingest/run-ingest.js';
import { retrieveWithSettings } from './retrieve/index.js';

export interface WorkspaceOptions {
  /** Folder to start from (default: the current folder). */
  cwd?: string;
  /** knowhow.yaml to use instead of the one found from `cwd`. */
  config?: string;
}

async function workspaceFor(options: WorkspaceOptions): Promise<Workspace> {
  return openWorkspace({
    cwd: options.cwd ?? process.cwd(),
    ...(options.config ? { config: options.config } : {}),
  });
}

export interface IngestCallOptions extends WorkspaceOptions {
  /** Files and folders; default: ingest.paths of knowhow.yaml. */
  paths?: string[];
  /** Access groups for documents that name none. */
  groups?: string[];
  prune?: boolean;
  /** Seconds to wait while another process writes the index (default 600); then INDEX_LOCKED. */
  waitSeconds?: number;
  signal?: AbortSignal;
}

/** Loads, chunks, embeds (when configured) and indexes documents; incremental. */
export async function ingest(options: IngestCallOptions = {}): Promise<IngestSummary> {
  const workspace = await workspaceFor(options);
  const embedder = await createEmbedder(workspace);
  const store = await openStore(workspace, {
    vectorDimensions: embedder ? await resolveEmbeddingDimensions(embedder) : null,
    embeddingModel: embedder ? `${embedder.provider}:${embedder.modelId}` : null,
  });
  try {
    return await runIngest({
      paths: options.paths ?? workspace.config.ingest.paths,
      cwd: options.paths ? (options.cwd ?? process.cwd()) : workspace.root,
      projectRoot: workspace.root,
      roots: workspace.config.ingest.paths,
      lock: { waitSeconds: options.waitSeconds ?? DEFAULT_WRITER_WAIT_SECONDS },
      config: workspace.config.ingest,
      store,
      chunk: (document) => chunkDocument(document, workspace.config.chunk),
      ...(embedder ? { embedder } : {}),
      ...(options.groups ? { defaultGroups: options.groups } : {}),
      ...(options.prune ? { prune: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await store.close();
  }
}

export interface SearchCallOptions extends WorkspaceOptions {
  k?: number;
  mode?: RetrievalMode;
  /** Search as a reader in these groups; omitted: the operator, who reads everything. */
  groups?: string[];
  signal?: AbortSignal;
}

/** Ranked passages for a query, filtered by access groups inside the index query. */
export async function search(query: string, options: SearchCallOptions = {}): Promise<SearchHit[]> {
  const workspace = await workspaceFor(options);
  const [embedder, reranker] = await Promise.all([createEmbedder(workspace), createReranker(workspace)]);
  const store = await openStore(workspace);
  try {
    const result = await retrieveWithSettings({
      store,
      query,
      reader: readerForGroups(options.groups),
      settings: workspace.config.retrieve,
      ...(options.k ? { k: options.k } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(embedder ? { embedder } : {}),
      ...(reranker ? { reranker } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return result.hits;
  } finally {
    await store.close();
  }
}

export interface AskCallOptions extends SearchCallOptions {
  /** Called with each piece of the answer as it streams. */
  onDelta?: (text: string) => void;
}

/** An answer with verified numbered citations (extractive when no model is configured). */
export async function ask(question: string, options: AskCallOptions = {}): Promise<AnswerResult> {
  const hits = await search(question, options);
  const workspace = await workspaceFor(options);
  const model = await createAnswerModel(workspace);
  return generateAnswer({
    model,
    question,
    hits,
    ...(workspace.config.eval.systemPrompt ? { systemPrompt: workspace.config.eval.systemPrompt } : {}),
    ...(options.onDelta ? { onDelta: options.onDelta } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
