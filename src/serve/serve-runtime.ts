import type { KnowhowConfig } from '../core/config/schema.js';
import type { IndexStore } from '../core/index-store.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import type { EmbeddingModel, Reranker } from '../providers/spec.js';
import type { ApiKey, Principal } from './api-keys.js';
import type { ExperimentRecorder } from './experiments-recorder.js';
import type { ReaderDocuments } from './reader-documents.js';
import type { ServedModel, ServeModels } from './served-models.js';

/** What the server is built from; everything concrete is injected so tests can run it in-process. */
export interface ServeDependencies {
  store: IndexStore;
  models: ServeModels;
  embedder?: EmbeddingModel;
  reranker?: Reranker;
  config: KnowhowConfig;
  /** The workspace's data folder (`.knowhow`): uploads are staged under it. */
  dataDirectory: string;
  /** `<dataDir>/runs`: one folder per eval run. */
  runsDirectory: string;
  /** The project's cases folder (eval.cases): its drafts/ are reviewed through /v1/drafts. */
  casesDirectory?: string;
  /** `<dataDir>/feedback.jsonl`, which `tune prepare` reads. */
  feedbackFile: string;
  /** Resolved keys (see resolveApiKeys); none means the loopback operator mode. */
  keys: ApiKey[];
  /** The chunk stage for ingest through the API, as the CLI configures it. */
  chunk: (document: SourceDocument) => Chunk[];
  /** Epoch milliseconds; injected in tests. */
  now?: () => number;
  /** Monotonic milliseconds for the rate limiter; injected in tests. */
  monotonicNow?: () => number;
  /** Where unexpected errors are logged (never sent to clients). Default: stderr. */
  log?: (line: string) => void;
  /** Largest max_tokens a request may ask for (default: models.answer.maxTokens, else 4096). */
  maxTokens?: number;
  /** Shown in the dashboard header. */
  project?: string;
  /**
   * Milliseconds without API writes before the index is compacted and replaced versions are
   * reclaimed (default: the store's version grace plus 5 s); 0 turns it off.
   */
  maintenanceIdleMs?: number;
  /**
   * Receives what the server must run once it stops serving and before its store closes: the
   * index maintenance's stop (no new pass; the one under way ends). Without it, a fold running at
   * shutdown lost its writer process and logged a failure.
   */
  onShutdown?: (stop: () => Promise<void>) => void;
}

export interface Deadline {
  signal: AbortSignal;
  /** A streaming response keeps its deadline until the stream ends, then releases it. */
  hold(): () => void;
}

export interface ServeEnv {
  Variables: { principal: Principal; deadline: Deadline };
}

/** Derived once per app: what every route reads. */
export interface ServeRuntime {
  dependencies: ServeDependencies;
  config: KnowhowConfig;
  served: ServedModel[];
  maxBodyBytes: number;
  maxTokens: number;
  /** Paths scrubbed from every message sent to a client. */
  roots: string[];
  now: () => number;
  log: (line: string) => void;
  /** Ingest requests write one at a time: LanceDB commits are serialised per table anyway. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** After a write through the API: schedules the index's idle maintenance. */
  indexChanged(): void;
  /** Right after queueing a write with `deferFold`: queues the fold it may call for behind it. */
  foldQueued(): Promise<void>;
  /** The A/B experiments' log (`<dataDir>/experiments.jsonl`). */
  experiments: ExperimentRecorder;
  /** Whole documents by reader, for the long-context architecture. */
  readerDocuments: ReaderDocuments;
}
