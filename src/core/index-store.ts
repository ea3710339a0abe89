import type { Chunk, DocumentRecord, Reader, SearchHit } from './types.js';

/** One document version to write: its record plus every chunk (replacing all previous chunks). */
export interface DocumentWrite {
  document: DocumentRecord;
  chunks: Chunk[];
  /** Parallel to `chunks` when an embedding model is configured. */
  vectors?: Float32Array[] | number[][];
}

export interface SearchOptions {
  k: number;
  reader: Reader;
  /** Extra SQL-style predicate on metadata columns; never used for access control. */
  where?: string;
}

export interface IndexStats {
  documents: number;
  chunks: number;
  version: number;
  bytesOnDisk: number;
  lastIngestAt: string | null;
  vectorDimensions: number | null;
  embeddingModel: string | null;
  /** How BM25 terms were analyzed (`retrieve.language`). */
  language: string;
  /** Documents per analyzer language (one language, or those detected under `auto`). */
  documentLanguages?: Record<string, number>;
}

/**
 * The index behind knowhow. Implementations must make `writeDocuments` atomic per call
 * (a crash leaves either every listed document's new version or none of them visible),
 * and must apply `reader` inside the query, never by filtering a larger result list.
 */
export interface IndexStore {
  readonly kind: string;
  /** Every indexed document's record, for incremental ingest. */
  listDocuments(): Promise<Map<string, DocumentRecord>>;
  writeDocuments(writes: DocumentWrite[]): Promise<void>;
  deleteDocuments(ids: string[]): Promise<void>;
  searchText(query: string, options: SearchOptions): Promise<SearchHit[]>;
  searchVector(vector: Float32Array | number[], options: SearchOptions): Promise<SearchHit[]>;
  getChunks(ids: string[]): Promise<Chunk[]>;
  getDocumentChunks(documentId: string): Promise<Chunk[]>;
  /** Existing vectors by chunk hash, so that unchanged chunks are never re-embedded. */
  getVectorsByHash(hashes: string[]): Promise<Map<string, number[]>>;
  /** Fold new rows into the full-text and vector indexes. Cheap when nothing changed. */
  optimize(): Promise<void>;
  stats(): Promise<IndexStats>;
  close(): Promise<void>;
}

/**
 * The engines an index can live in (`index.engine` in knowhow.yaml). Each name has exactly one
 * builder in src/workspace/index-engines.ts — the only place that picks an IndexStore
 * implementation; adding a name here without one there is a type error.
 */
export const indexEngineNames = ['lancedb'] as const;
export type IndexEngineName = (typeof indexEngineNames)[number];
