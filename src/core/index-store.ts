import type { Chunk, DocumentRecord, Reader, SearchHit } from './types.js';

/** One document version to write: its record plus every chunk (replacing all previous chunks). */
export interface DocumentWrite {
  document: DocumentRecord;
  chunks: Chunk[];
  /** Parallel to `chunks` when an embedding model is configured. */
  vectors?: Float32Array[] | number[][];
  /**
   * Whether an earlier version of the document is indexed, as the caller found under the writer
   * lock; left out, the store looks it up (a query per write that scans the rows added since the
   * last fold: 41 → 207 ms per batch over a 300,000-document first ingest).
   */
  replaces?: boolean;
}

/** What incremental ingest compares a document against: its id, content hash and origin. */
export type DocumentVersion = Pick<DocumentRecord, 'id' | 'hash' | 'origin'>;

export interface SearchOptions {
  k: number;
  reader: Reader;
  /** Extra SQL-style predicate on metadata columns; never used for access control. */
  where?: string;
}

/** A candidate as one retriever ranked it, before its chunk is read. */
export interface RankedReference {
  /** What names it in every list fused: a chunk id, or a store's row address. */
  id: string;
  /** 1 for the retriever's best. */
  rank: number;
}

/** Merges ranked lists into one, best first and at most `limit` long, with each id's fused score. */
export type FuseRankings = (lists: RankedReference[][], limit: number) => { id: string; score: number }[];

export interface HybridSearchOptions extends SearchOptions {
  /** Candidates each retriever ranks before fusion (≥ k). */
  candidates: number;
  /** The fusion retrieve uses (reciprocal rank, with the configured constant). */
  fuse: FuseRankings;
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

/** Who holds an index's writer lock. */
export interface IndexWriter {
  pid: number;
  hostname: string;
  startedAt: string;
  /** "ingest", "API ingest", "optimize"… */
  purpose: string;
}

/** How long `knowhow ingest` waits for another writer by default (`--wait`): a cron run outlasts a busy minute. */
export const DEFAULT_WRITER_WAIT_SECONDS = 600;

export interface MaintenanceReport {
  /** Whether the tables were compacted and the indexes brought up to date. */
  optimized: boolean;
  versionsRemoved: number;
  bytesRemoved: number;
}

/** What queries scan outside the indexes: rows written since the last fold, by any process. */
export interface IndexLag {
  /** Rows every query reads and scores one by one (the most of the text and vector indexes'). */
  unindexedRows: number;
  /** Whether they slow queries enough that a fold should not wait for the write-time threshold. */
  foldDue: boolean;
}

export interface WriteSessionOptions {
  purpose?: string;
  /** Seconds to wait while another process writes; 0 (the default) fails with INDEX_LOCKED at once. */
  waitSeconds?: number;
  /** Told once, when another process writes and this one starts to wait: "waiting for the ingest of pid N (started …)". */
  onWaiting?: (message: string, writer: IndexWriter) => void;
}

export interface WriteSession {
  /** Half-written documents a crashed writer left: found whole, or removed (to be written again). */
  readonly recovered: { verified: number; removed: number };
  release(): Promise<void>;
}

/** What optimize() and maintain() are asked to do. */
export interface OptimizeOptions {
  /** Fold and compact even if the thresholds do not call for it. */
  full?: boolean;
  /**
   * Only what readers need at once (a first build's indexes); the fold or compaction a write
   * made due is left to the next optimize(): the server answers an upload before it.
   */
  deferFold?: boolean;
}

/**
 * The index behind knowhow. Implementations must make `writeDocuments` atomic per call
 * (a crash leaves either every listed document's new version or none of them visible),
 * and must apply `reader` inside the query, never by filtering a larger result list.
 */
export interface IndexStore {
  readonly kind: string;
  /**
   * Takes the index's one-writer lock for a run of writes (other processes wait or fail with
   * INDEX_LOCKED) and settles what a crashed writer left. Stores without other writers omit it.
   */
  beginWrite?(options?: WriteSessionOptions): Promise<WriteSession>;
  /** The records of those of `ids` that are indexed (a store without it is listed whole instead). */
  getDocuments?(ids: string[]): Promise<Map<string, DocumentRecord>>;
  /** Every indexed document's record. */
  listDocuments(): Promise<Map<string, DocumentRecord>>;
  /**
   * Every indexed document's id, hash and origin, for incremental ingest, a batch at a time: the
   * caller keeps them compactly (a store without it is listed whole instead).
   */
  listDocumentVersions?(): AsyncIterable<DocumentVersion[]>;
  writeDocuments(writes: DocumentWrite[]): Promise<void>;
  deleteDocuments(ids: string[]): Promise<void>;
  searchText(query: string, options: SearchOptions): Promise<SearchHit[]>;
  searchVector(vector: Float32Array | number[], options: SearchOptions): Promise<SearchHit[]>;
  /**
   * BM25 and vector search fused before any chunk is read: the k chunks returned are the only ones
   * read. Without it, retrieve runs searchText and searchVector at `candidates` each and fuses
   * their hits: on LanceDB that read 100 chunks for 10 answers (src/index/lance-fused-search.ts).
   * Candidates tied on fused score are ordered by their ranks, so both ways give the same hits.
   */
  searchHybrid?(
    query: string,
    vector: Float32Array | number[],
    options: HybridSearchOptions,
  ): Promise<SearchHit[]>;
  getChunks(ids: string[]): Promise<Chunk[]>;
  getDocumentChunks(documentId: string): Promise<Chunk[]>;
  /** Existing vectors by chunk hash, so that unchanged chunks are never re-embedded. */
  getVectorsByHash(hashes: string[]): Promise<Map<string, number[]>>;
  /**
   * Fold new rows into the full-text and vector indexes and reclaim old versions: when enough has
   * changed to be worth it, or always with `full`. Cheap when nothing is due.
   */
  optimize(options?: OptimizeOptions): Promise<void>;
  /** optimize() with what it did (`knowhow optimize` prints it); a store without it reports nothing. */
  maintain?(options?: OptimizeOptions): Promise<MaintenanceReport>;
  /**
   * What queries scan outside the indexes, read without the writer lock: optimize() folds new rows
   * in when enough was written to pay for rewriting the indexes, which at 1,000,000 chunks leaves
   * up to 50,000 rows every query scans; a long-running reader asks this while idle and folds
   * sooner. Stores that index every row as it is written (PostgreSQL) omit it.
   */
  measureLag?(): Promise<IndexLag>;
  stats(): Promise<IndexStats>;
  close(): Promise<void>;
}

/**
 * The engines an index can live in (`index.engine` in knowhow.yaml). Each name has exactly one
 * builder in src/workspace/index-engines.ts — the only place that picks an IndexStore
 * implementation; adding a name here without one there is a type error.
 */
export const indexEngineNames = ['lancedb', 'postgres'] as const;
export type IndexEngineName = (typeof indexEngineNames)[number];
