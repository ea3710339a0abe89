import { chunkDocument } from '../chunk/index.js';
import { type LoadedConfig, loadConfig } from '../core/config/load-config.js';
import type { KnowhowConfig, ModelsConfig, PricesConfig } from '../core/config/schema.js';
import { resolveDatabaseUrl } from '../core/database-url.js';
import { KnowhowError } from '../core/errors.js';
import {
  DEFAULT_WRITER_WAIT_SECONDS,
  type IndexEngineName,
  type IndexStats,
  type MaintenanceReport,
  type WriteSessionOptions,
} from '../core/index-store.js';
import type { LanguageSetting } from '../core/languages.js';
import type { Progress } from '../core/progress.js';
import {
  type Chunk,
  PUBLIC_READER,
  type Reader,
  type RetrievalMode,
  type SourceDocument,
} from '../core/types.js';
import { createRunFolders, type RunFolders } from '../eval/index.js';
import { type AnswerResult, generateAnswer } from '../generate/index.js';
import type { IngestSummary } from '../ingest/index.js';
import type { UsageMeter } from '../providers/shared/index.js';
import type { EmbeddingModel, LanguageModel, Reranker } from '../providers/spec.js';
import {
  type RetrieveResult,
  type RetrieveWithSettingsOptions,
  retrieveWithSettings,
} from '../retrieve/index.js';
import { type ChunkOptions, chunkOptionsFor } from './chunk-options.js';
import { type CurrentTunedModel, readTunedModels, type TunedModels } from './current-tuned-model.js';
import {
  type EngineStore,
  type IndexDatabase,
  indexEngineFor,
  type OpenIndexOptions,
  type WriterLock,
} from './index-engines.js';
import { packageVersion } from './package-version.js';
import {
  createAnswerModel,
  createEmbedder,
  createJudgeModel,
  createLanguageModel,
  createProviderContext,
  createReranker,
  effectivePrices,
  type ModelRole,
  resolveEmbeddingDimensions,
} from './select-providers.js';
import { type WorkspacePaths, workspacePathsFor } from './workspace-paths.js';

export interface OpenWorkspaceOptions {
  /** Folder to start from: knowhow.yaml is looked for here and in its parents (default: the current folder). */
  cwd?: string;
  /** knowhow.yaml to use instead of the one found from `cwd`. */
  config?: string;
  /** Settings that replace knowhow.yaml's for this workspace only (the demo's answer model). */
  overrides?: WorkspaceOverrides;
}

export interface WorkspaceOverrides {
  models?: Partial<ModelsConfig>;
}

/** Who a query reads as. Default: the `public` reader. Reading every group must be asked for with `reader: EVERYONE`. */
export interface ReaderOptions {
  /** Read as a member of these groups (plus `public`). */
  groups?: string[];
  /** An explicit reader, e.g. EVERYONE for the operator; not together with `groups`. */
  reader?: Reader;
}

export interface WorkspaceSearchOptions extends ReaderOptions {
  /** Passages to return (default retrieve.k). */
  k?: number;
  /** bm25 | dense | hybrid (default retrieve.mode). */
  mode?: RetrievalMode;
  signal?: AbortSignal;
}

export interface WorkspaceAskOptions extends WorkspaceSearchOptions {
  /** Called with each piece of the answer as it streams. */
  onDelta?: (text: string) => void;
}

export interface WorkspaceAnswer extends AnswerResult {
  retrieval: RetrieveResult;
}

export interface WorkspaceIngestOptions {
  /** Files and folders (default: ingest.paths of knowhow.yaml, relative to its folder). */
  paths?: string[];
  /** What `paths` are relative to (default: the workspace root when paths come from knowhow.yaml, else the current folder). */
  cwd?: string;
  /** Access groups for documents that name none. */
  groups?: string[];
  /** Remove indexed documents the inputs no longer contain. */
  prune?: boolean;
  /** Build the index again from the inputs, beside the old one, which serves until the new one replaces it. */
  rebuild?: boolean;
  /** Seconds to wait while another process writes the index (default 600), then INDEX_LOCKED. */
  waitSeconds?: number;
  /** Told once when another process writes and this run starts to wait. */
  onWaiting?: (message: string) => void;
  progress?: Progress;
  signal?: AbortSignal;
}

/**
 * A knowhow project, opened once: its config, its folders, its models (created on first use),
 * its index (opened on first use and held until `close()`), and the operations the CLI, the
 * server and the library share. Hold one for the life of a service; call `close()` at the end.
 */
export interface Workspace {
  /** Folder of knowhow.yaml (or the starting folder when there is none): relative config paths resolve here. */
  readonly root: string;
  /** knowhow.yaml's absolute path, or null when running on defaults. */
  readonly file: string | null;
  readonly config: KnowhowConfig;
  readonly dataDir: string;
  readonly paths: WorkspacePaths;
  /** The eval run folders (layout: src/eval/run-folder.ts). */
  readonly runs: RunFolders;
  /** knowhow.yaml's prices over the built-in dated table. */
  readonly prices: PricesConfig;
  /** Every model call of this workspace, metered in one place. */
  readonly usage: UsageMeter;
  /** The chunker's options, from `chunk:` — the one place they are read. */
  readonly chunkOptions: ChunkOptions;
  chunk(document: SourceDocument): Chunk[];
  /** A chunker with some options changed (the BEIR benchmark keeps documents whole). */
  chunker(overrides: Partial<ChunkOptions>): (document: SourceDocument) => Chunk[];

  answerModel(): Promise<LanguageModel>;
  judgeModel(): Promise<LanguageModel | undefined>;
  embedder(): Promise<EmbeddingModel | undefined>;
  reranker(): Promise<Reranker | undefined>;
  /** A language model for any `models.<role>`-shaped reference. */
  languageModel(
    reference: Parameters<typeof createLanguageModel>[1],
    role: ModelRole,
  ): Promise<LanguageModel>;
  /** Registered tuned models and which is current (see current-tuned-model.ts). */
  tunedModels(): Promise<TunedModels>;
  /** The current tuned model, built; undefined when none is registered or pinned. */
  tunedModel(): Promise<{ model: LanguageModel; current: CurrentTunedModel } | undefined>;

  /** The index for reading, opened on first use and held open until close(). */
  store(): Promise<EngineStore>;
  /**
   * The index for writing: opened for the configured embedding model's vector size (checked
   * against the index). `writerProcess`: an embedded engine writes from a child process that
   * ends when writes pause (the server's choice, serve.writer); a store already open is reused.
   */
  writableStore(options?: { writerProcess?: boolean }): Promise<EngineStore>;
  /** Deletes the index (closing it first); the next store() builds a new one. */
  destroyIndex(): Promise<void>;
  /** The index's cross-process writer lock, for work that spans several writes (ingest, optimize). */
  lockIndex(options?: WriteSessionOptions): Promise<WriterLock>;
  /**
   * An index elsewhere with this workspace's engine and language (benchmarks build theirs in a
   * temporary folder): `engine` and `database` pick another engine or database (a PostgreSQL
   * workspace's own schema is never an "elsewhere": without `database` this fails there).
   */
  openIndexAt(
    directory: string,
    embedder?: EmbeddingModel,
    overrides?: {
      language?: LanguageSetting;
      engine?: IndexEngineName;
      database?: IndexDatabase;
      /** Vector settings to build (or check) instead of `embedder`'s: a copy takes its source's. */
      vectors?: { dimensions: number | null; model: string | null };
    },
  ): Promise<EngineStore>;
  /** Where the configured index lives on a server engine (null for an embedded one). */
  indexDatabase(): IndexDatabase | null;

  /** Everything retrieveWithSettings needs besides query and reader: store, retrieve settings, embedder, reranker. */
  retrieval(): Promise<Omit<RetrieveWithSettingsOptions, 'query' | 'reader'>>;

  ingest(options?: WorkspaceIngestOptions): Promise<IngestSummary>;
  /**
   * Folds every row written since the last fold into the indexes, compacts, and removes replaced
   * versions (`knowhow optimize`), under the writer lock. A service holding this handle calls it
   * after another process re-ingested: the rows a write leaves unfolded are scanned by every
   * query (index-store.ts, measureLag), and only `knowhow serve` folds them by itself.
   */
  optimize(options?: WriteSessionOptions): Promise<WorkspaceOptimizeResult>;
  search(query: string, options?: WorkspaceSearchOptions): Promise<RetrieveResult>;
  ask(question: string, options?: WorkspaceAskOptions): Promise<WorkspaceAnswer>;

  /** Closes the index. Models hold no connection; the handle may not be used afterwards. */
  close(): Promise<void>;
}

export interface WorkspaceOptimizeResult extends MaintenanceReport {
  /** The store's kind: `lancedb` or `postgres`. */
  engine: string;
  before: IndexStats;
  after: IndexStats;
}

/** Reads knowhow.yaml (found from `cwd` upwards, or defaults) and opens the workspace; nothing is loaded yet. */
export async function openWorkspace(options: OpenWorkspaceOptions = {}): Promise<Workspace> {
  const loaded = await loadConfig({
    cwd: options.cwd ?? process.cwd(),
    ...(options.config ? { file: options.config } : {}),
  });
  return createWorkspace(loaded, options.overrides);
}

/** A reader from library options: groups, an explicit reader, or the `public` reader. */
export function readerFrom(options: ReaderOptions): Reader {
  if (options.groups !== undefined && options.reader !== undefined) {
    throw new KnowhowError('USAGE', 'Give either groups or reader, not both.', {
      hint: 'groups: [...] reads as a member of those groups; reader: EVERYONE reads every document.',
    });
  }
  if (options.reader !== undefined) return options.reader;
  if (options.groups !== undefined) return { kind: 'groups', groups: options.groups };
  return PUBLIC_READER;
}

function memo<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/** A workspace from an already loaded config (tests and the server benchmark build one directly). */
export function createWorkspace(loaded: LoadedConfig, overrides: WorkspaceOverrides = {}): Workspace {
  const config: KnowhowConfig = overrides.models
    ? { ...loaded.config, models: { ...loaded.config.models, ...overrides.models } }
    : loaded.config;
  const paths = workspacePathsFor(loaded.dataDir);
  const providers = createProviderContext({
    config,
    root: loaded.root,
    responseCacheDirectory: paths.responseCache,
  });
  const engine = indexEngineFor(config.index.engine);
  // Read when the index is first touched: commands that never open it need no database URL.
  let database: IndexDatabase | undefined;
  const indexDatabase = (): IndexDatabase | null => {
    if (config.index.engine !== 'postgres') return null;
    database ??= {
      url: resolveDatabaseUrl({ url: config.index.url, urlEnv: config.index.urlEnv }),
      schema: config.index.schema,
      k1: config.index.k1,
      b: config.index.b,
      maxConnections: config.index.maxConnections,
      efSearch: config.index.efSearch,
    };
    return database;
  };
  const located = (directory: string) => {
    const where = indexDatabase();
    return where ? { directory, database: where } : { directory };
  };
  const chunkOptions = chunkOptionsFor(config.chunk);

  const answerModel = memo(() => createAnswerModel(providers));
  const judgeModel = memo(() => createJudgeModel(providers));
  const embedder = memo(() => createEmbedder(providers));
  const reranker = memo(() => createReranker(providers));
  const tunedModels = memo(() => readTunedModels({ config, dataDir: loaded.dataDir }));
  const tunedModel = memo(async () => {
    const { current } = await tunedModels();
    if (!current) return undefined;
    return { model: await createLanguageModel(providers, current.reference, 'tuned'), current };
  });

  const indexOptions = async (
    directory: string,
    model: EmbeddingModel | undefined,
    language: LanguageSetting = config.retrieve.language,
  ): Promise<OpenIndexOptions> => ({
    ...located(directory),
    language,
    vectorDimensions: model ? await resolveEmbeddingDimensions(model) : null,
    embeddingModel: model ? `${model.provider}:${model.modelId}` : null,
  });

  // One store at a time, opened for reading or for writing; writing reopens a store opened for reading.
  let opened: { writable: boolean; store: Promise<EngineStore> } | undefined;
  const openStore = async (writable: boolean, writerProcess = false): Promise<EngineStore> => {
    if (opened && (opened.writable || !writable)) return opened.store;
    if (opened) await (await opened.store).close();
    const store = (async () =>
      engine.open(
        writable
          ? {
              ...(await indexOptions(paths.index, await embedder())),
              ...(writerProcess ? { writerProcess } : {}),
            }
          : { ...located(paths.index), language: config.retrieve.language },
      ))();
    opened = { writable, store };
    store.catch(() => {
      if (opened?.store === store) opened = undefined;
    });
    return store;
  };
  const closeStore = async () => {
    const current = opened;
    opened = undefined;
    if (current) await (await current.store.catch(() => undefined))?.close();
  };

  const retrieval = async (): Promise<Omit<RetrieveWithSettingsOptions, 'query' | 'reader'>> => {
    const [store, embedding, reranking] = await Promise.all([openStore(false), embedder(), reranker()]);
    return {
      store,
      settings: config.retrieve,
      ...(embedding ? { embedder: embedding } : {}),
      ...(reranking ? { reranker: reranking } : {}),
    };
  };

  const ingestInto = async (store: EngineStore, options: WorkspaceIngestOptions): Promise<IngestSummary> => {
    const { createJsonFileLedger, runIngest } = await import('../ingest/index.js');
    const model = await embedder();
    return runIngest({
      paths: options.paths ?? config.ingest.paths,
      cwd: options.cwd ?? (options.paths ? process.cwd() : loaded.root),
      // Ids are anchored on the configured ingest roots, whatever path is typed.
      projectRoot: loaded.root,
      roots: config.ingest.paths,
      config: config.ingest,
      store,
      chunk: workspace.chunk,
      ...(model ? { embedder: model } : {}),
      ...(options.groups ? { defaultGroups: options.groups } : {}),
      ...(options.prune ? { prune: true } : {}),
      // A rebuild's new index starts empty, so the ledger vouches for no file that had documents:
      // all are read again, as when --rebuild deleted the index before ingesting.
      fileLedger: createJsonFileLedger(paths.ingestLedger),
      version: packageVersion(),
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  };

  const workspace: Workspace = {
    root: loaded.root,
    file: loaded.file,
    config,
    dataDir: loaded.dataDir,
    paths,
    runs: createRunFolders(paths.runs),
    prices: effectivePrices(config.prices),
    usage: providers.meter,
    chunkOptions,
    chunk: (document) => chunkDocument(document, chunkOptions),
    chunker: (overrides) => {
      const options = { ...chunkOptions, ...overrides };
      return (document) => chunkDocument(document, options);
    },
    answerModel,
    judgeModel,
    embedder,
    reranker,
    languageModel: (reference, role) => createLanguageModel(providers, reference, role),
    tunedModels,
    tunedModel,
    store: () => openStore(false),
    writableStore: (options = {}) => openStore(true, options.writerProcess),
    async destroyIndex() {
      await closeStore();
      await engine.destroy(located(paths.index));
    },
    async openIndexAt(directory, model, overrides = {}) {
      const name = overrides.engine ?? config.index.engine;
      if (name !== 'lancedb' && !overrides.database) {
        throw new KnowhowError(
          'USAGE',
          `An index built beside this one needs a database of its own on ${name}: the configured schema holds the real index.`,
          { hint: 'Benchmarks take --engine (bench beir, bench scale); others run on lancedb.' },
        );
      }
      const options = await indexOptions(directory, model, overrides.language);
      const { database: _configured, ...rest } = options;
      const vectors = overrides.vectors
        ? { vectorDimensions: overrides.vectors.dimensions, embeddingModel: overrides.vectors.model }
        : {};
      return indexEngineFor(name).open({
        ...rest,
        ...vectors,
        ...(overrides.database ? { database: overrides.database } : {}),
      });
    },
    indexDatabase,
    retrieval,
    async ingest(options = {}) {
      // Taken before --rebuild writes anything, and held for the whole run.
      const lock = await workspace.lockIndex({
        purpose: 'ingest',
        waitSeconds: options.waitSeconds ?? DEFAULT_WRITER_WAIT_SECONDS,
        ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
      });
      try {
        if (!options.rebuild) return await ingestInto(await openStore(true), options);
        await closeStore();
        const model = await embedder();
        return await engine.rebuild(located(paths.index), async (location) => {
          // The location, database included: PostgreSQL builds in a staging schema.
          const store = await engine.open({
            ...(await indexOptions(location.directory, model)),
            ...location,
          });
          try {
            return await ingestInto(store, options);
          } finally {
            await store.close();
          }
        });
      } finally {
        await lock.release();
      }
    },
    lockIndex(options = {}) {
      return engine.lockForWriting({ ...located(paths.index), ...options });
    },
    async optimize(options = {}) {
      const lock = await workspace.lockIndex({ purpose: 'optimize', ...options });
      try {
        const store = await openStore(true);
        const before = await store.stats();
        const report = store.maintain
          ? await store.maintain({ full: true })
          : await store
              .optimize({ full: true })
              .then(() => ({ optimized: true, versionsRemoved: 0, bytesRemoved: 0 }));
        return { ...report, engine: store.kind, before, after: await store.stats() };
      } finally {
        await lock.release();
      }
    },
    async search(query, options = {}) {
      return retrieveWithSettings({
        ...(await retrieval()),
        query,
        reader: readerFrom(options),
        ...(options.k ? { k: options.k } : {}),
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },
    async ask(question, options = {}) {
      const [model, retrieved] = await Promise.all([answerModel(), workspace.search(question, options)]);
      const answer = await generateAnswer({
        model,
        question,
        hits: retrieved.hits,
        ...(config.eval.systemPrompt ? { systemPrompt: config.eval.systemPrompt } : {}),
        ...(options.onDelta ? { onDelta: options.onDelta } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { ...answer, retrieval: retrieved };
    },
    close: closeStore,
  };
  return workspace;
}
