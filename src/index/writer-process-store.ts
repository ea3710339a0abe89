import type {
  DocumentVersion,
  DocumentWrite,
  HybridSearchOptions,
  IndexLag,
  IndexStats,
  IndexStore,
  MaintenanceReport,
  OptimizeOptions,
  SearchOptions,
  WriteSession,
  WriteSessionOptions,
} from '../core/index-store.js';
import type { LanguageSetting } from '../core/languages.js';
import type { Chunk, DocumentRecord, SearchHit } from '../core/types.js';
import { LanceIndexStore, type LanceIndexStoreOptions } from './lance-index-store.js';
import { WriterProcessClient } from './writer-process-client.js';
import type { WriterMethod } from './writer-process-protocol.js';

export interface WriterProcessStoreOptions extends LanceIndexStoreOptions {
  /** Milliseconds without writes after which the writer process ends (default WRITER_IDLE_EXIT_MS). */
  idleExitMs?: number;
  /** RSS past which an idle writer is replaced at once (default WRITER_RECYCLE_RSS_BYTES). */
  recycleRssBytes?: number;
  /** The built writer-process-child.js (tests). */
  script?: string;
}

/**
 * Long enough that a stream of uploads keeps one writer (the server's idle maintenance comes 15 s
 * after the last write and gets a new one); a start costs ~0.3 s.
 */
export const WRITER_IDLE_EXIT_MS = 10_000;
/**
 * A writer starts at ~110 MB; 200 small uploads took a server that wrote them itself from 191 to
 * 306 MB, and never back (malloc keeps LanceDB's freed native memory in its arenas).
 */
export const WRITER_RECYCLE_RSS_BYTES = 400 * 1024 * 1024;

/**
 * The LanceDB store for a long-running server: reads in this process, writes in a child process
 * that ends once writes pause. Writing through LanceDB leaves freed native memory in malloc's
 * arenas that the process never gives back; in `bench serve-ingest` (200 uploads, 4 searchers) a
 * server that wrote in process grew 115–156 MB, and 26 MB when the same uploads were written by
 * another process. Each write is read back here before the call returns, so an upload's answer
 * is followed by searches that find it. Same index, same lock, same journal as in process.
 */
export class WriterProcessIndexStore implements IndexStore {
  readonly kind = 'lancedb';

  private constructor(
    private readonly reader: LanceIndexStore,
    private readonly writer: WriterProcessClient,
  ) {}

  static async open(options: WriterProcessStoreOptions): Promise<WriterProcessIndexStore> {
    const { idleExitMs, recycleRssBytes, script, ...store } = options;
    const reader = await LanceIndexStore.open(store);
    const writer = new WriterProcessClient({
      store,
      idleExitMs: idleExitMs ?? WRITER_IDLE_EXIT_MS,
      recycleRssBytes: recycleRssBytes ?? WRITER_RECYCLE_RSS_BYTES,
      ...(script ? { script } : {}),
    });
    return new WriterProcessIndexStore(reader, writer);
  }

  get language(): LanguageSetting {
    return this.reader.language;
  }

  /** The writer process's pid while one runs (benchmarks add its memory to the server's). */
  get writerPid(): number | null {
    return this.writer.pid;
  }

  pendingDocumentIds(): Set<string> {
    return this.reader.pendingDocumentIds();
  }

  async beginWrite(options: WriteSessionOptions = {}): Promise<WriteSession> {
    const { onWaiting, ...rest } = options;
    const begun = (await this.write(
      'beginWrite',
      [{ ...rest, tellWaiting: onWaiting !== undefined }],
      onWaiting,
    )) as {
      session: number;
      recovered: WriteSession['recovered'];
    };
    return {
      recovered: begun.recovered,
      // Releasing the lock commits nothing: there is no write to read back.
      release: async () => void (await this.writer.call('release', [begun.session])),
    };
  }

  async writeDocuments(writes: DocumentWrite[]): Promise<void> {
    await this.write('writeDocuments', [writes]);
  }

  async deleteDocuments(ids: string[]): Promise<void> {
    await this.write('deleteDocuments', [ids]);
  }

  async optimize(options: OptimizeOptions = {}): Promise<void> {
    await this.maintain(options);
  }

  async maintain(options: OptimizeOptions = {}): Promise<MaintenanceReport> {
    return (await this.write('maintain', [options])) as MaintenanceReport;
  }

  measureLag(): Promise<IndexLag> {
    return this.reader.measureLag();
  }

  getDocuments(ids: string[]): Promise<Map<string, DocumentRecord>> {
    return this.reader.getDocuments(ids);
  }

  listDocuments(): Promise<Map<string, DocumentRecord>> {
    return this.reader.listDocuments();
  }

  listDocumentVersions(): AsyncIterable<DocumentVersion[]> {
    return this.reader.listDocumentVersions();
  }

  searchText(query: string, options: SearchOptions): Promise<SearchHit[]> {
    return this.reader.searchText(query, options);
  }

  searchVector(vector: Float32Array | number[], options: SearchOptions): Promise<SearchHit[]> {
    return this.reader.searchVector(vector, options);
  }

  searchHybrid(
    query: string,
    vector: Float32Array | number[],
    options: HybridSearchOptions,
  ): Promise<SearchHit[]> {
    return this.reader.searchHybrid(query, vector, options);
  }

  getChunks(ids: string[]): Promise<Chunk[]> {
    return this.reader.getChunks(ids);
  }

  getDocumentChunks(documentId: string): Promise<Chunk[]> {
    return this.reader.getDocumentChunks(documentId);
  }

  getVectorsByHash(hashes: string[]): Promise<Map<string, number[]>> {
    return this.reader.getVectorsByHash(hashes);
  }

  stats(): Promise<IndexStats> {
    return this.reader.stats();
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.reader.close();
  }

  /** One call in the writer process, then its commits read here (also after a failed call: it may have committed some). */
  private async write(
    method: WriterMethod,
    args: unknown[],
    onWaiting?: WriteSessionOptions['onWaiting'],
  ): Promise<unknown> {
    let result: unknown;
    try {
      result = await this.writer.call(method, args, onWaiting);
      return result;
    } finally {
      const folded = method === 'maintain' && (result as MaintenanceReport | undefined)?.optimized === true;
      // A failed refresh here is not the call's failure: reads catch up within READ_CONSISTENCY_SECONDS anyway.
      await this.reader.followWrites({ folded }).catch(() => {});
    }
  }
}
