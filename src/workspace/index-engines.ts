import type { IndexEngineName, IndexStore, WriteSessionOptions } from '../core/index-store.js';
import type { LanguageSetting } from '../core/languages.js';

/**
 * THE place where an IndexStore implementation is chosen: `index.engine` in knowhow.yaml names
 * an entry of `indexEngines`, and nothing else in knowhow constructs a store. Adding an engine
 * (PostgreSQL + pgvector next) is a name in core/index-store.ts (indexEngineNames, which the
 * config schema reads) plus one entry here; the `satisfies` below makes a missing one a type error.
 * Engines are imported when first opened, so commands that never touch the index stay fast.
 */

export interface OpenIndexOptions {
  /** Where an embedded engine keeps its files (`<dataDir>/index`). */
  directory: string;
  /** How BM25 analyzes words; fixed when the index is built (retrieve.language). */
  language: LanguageSetting;
  /** The embedding size to build (or check) the index for; null: no vectors; omitted: as built. */
  vectorDimensions?: number | null;
  /** `provider:model` of the embedding model, checked against what built the index. */
  embeddingModel?: string | null;
}

/** What every engine's store offers beyond IndexStore (status and snippets read these). */
export interface EngineStore extends IndexStore {
  /** The analyzer the index was built with; queries and snippets must use the same. */
  readonly language: LanguageSetting;
  /** Documents whose last write may not have completed; the next ingest rewrites them. */
  pendingDocumentIds(): Set<string>;
}

/** The index's writer lock, held across a whole run (ingest --rebuild takes it before deleting anything). */
export interface WriterLock {
  release(): Promise<void>;
}

export interface IndexEngine {
  open(options: OpenIndexOptions): Promise<EngineStore>;
  /** Waits for (or fails with INDEX_LOCKED on) another process's writer lock; readers never take it. */
  lockForWriting(options: Pick<OpenIndexOptions, 'directory'> & WriteSessionOptions): Promise<WriterLock>;
  /** Deletes the whole index (`ingest --rebuild`). */
  destroy(options: Pick<OpenIndexOptions, 'directory'>): Promise<void>;
}

export const indexEngines = {
  lancedb: {
    async open(options) {
      const { LanceIndexStore } = await import('../index/index.js');
      return LanceIndexStore.open(options);
    },
    async destroy(options) {
      const { LanceIndexStore } = await import('../index/index.js');
      await LanceIndexStore.destroy(options.directory);
    },
    async lockForWriting({ directory, purpose, waitSeconds, onWaiting }) {
      const { acquireIndexLock } = await import('../index/index.js');
      return acquireIndexLock(directory, {
        purpose: purpose ?? 'write',
        waitSeconds: waitSeconds ?? 0,
        ...(onWaiting ? { onWaiting } : {}),
      });
    },
  },
} satisfies Record<IndexEngineName, IndexEngine>;

export function indexEngineFor(name: IndexEngineName): IndexEngine {
  return indexEngines[name];
}
