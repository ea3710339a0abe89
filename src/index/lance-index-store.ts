import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import {
  type Table as ArrowTable,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  List,
  Schema,
  Utf8,
} from 'apache-arrow';
import {
  type AnalyzerRevisions,
  analyze,
  analyzerRevisionsOf,
  isLanguage,
  type Language,
  type LanguageSetting,
  loadLanguageDetector,
  resolveDocumentLanguage,
  staleAnalyzerLanguages,
} from '../analyze/index.js';
import { collectGarbage } from '../core/collect-garbage.js';
import { KnowhowError } from '../core/errors.js';
import { fuseHits } from '../core/fuse-hits.js';
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
import { createNativeMemoryTrimmer, trimNativeMemory } from '../core/native-memory.js';
import type { Chunk, DocumentFormat, DocumentRecord, Reader, SearchHit } from '../core/types.js';
import { rowsToArrowTable } from './arrow-table.js';
import { chunkPayload } from './chunk-payload.js';
import { crashPoint } from './crash-point.js';
import { restoreIndexFolder } from './index-folder-swap.js';
import { acquireIndexLock, heldIndexLock, holdsIndexLock } from './index-lock.js';
import { IngestJournal } from './ingest-journal.js';
import { chunkColumns, chunksFromArrow, toChunk } from './lance-chunk-rows.js';
import { readFusedChunks, rowReferencesFrom } from './lance-fused-search.js';
import { applyLanceMemoryDefaults } from './lance-memory-defaults.js';
import {
  createWriteTally,
  FOLD_INTERVAL_MS,
  foldDue,
  fragmentsDue,
  graceCutoff,
  LAG_FOLD_ROWS,
  measureIndexLag,
} from './maintenance-policy.js';
import { readableGroups } from './readable-groups.js';
import { refusedAfterRebuild } from './refused-after-rebuild.js';
import { documentSample, searchableText, searchQueryText } from './search-text.js';
import { combinePredicates, quoteSql, sqlList } from './sql-literals.js';
import { surplusChunks } from './surplus-chunks.js';

const CHUNKS = 'chunks';
const DOCUMENTS = 'documents';
const MANIFEST = 'knowhow-index.json';
/**
 * v3: `search_text` holds analyzed terms (see src/analyze), not raw text.
 * v4: chunks carry where they stand in their file (SourceLocation, in the payload); a v3 index
 * has none, and unchanged documents are never re-chunked, so it must be rebuilt.
 * v5: documents record the language they were analyzed in (a v4 index is upgraded in place: its
 * documents were all analyzed in the manifest's one language).
 */
const SCHEMA_VERSION = 5;
/**
 * A first build this large collects the JS heap's garbage before it starts (see collectGarbage):
 * the build, not the writes, sets an ingest's peak memory. Smaller ones are not worth the pause
 * (tens of milliseconds) and leave little garbage.
 */
const COLLECT_BEFORE_BUILD_ROWS = 100_000;
/** How often native memory is handed back while writing or maintaining (see core/native-memory.ts). */
const NATIVE_TRIM_INTERVAL_MS = 2_000;

export interface LanceIndexStoreOptions {
  /** Folder of the LanceDB database (default `.knowhow/index`). */
  directory: string;
  /** Dimensions of the vector column; null when no embedding model is configured. */
  vectorDimensions?: number | null;
  /** Identifies the embedding model; a different one on an existing index is an error, not silent garbage. */
  embeddingModel?: string | null;
  /** How BM25 terms are analyzed (`retrieve.language`); fixed when the index is built. Default english. */
  language?: LanguageSetting;
  /** Chunks from which maintenance builds an approximate vector index (default VECTOR_INDEX_MIN_ROWS). */
  vectorIndexMinRows?: number;
  /** How long handles superseded after a compaction stay open for reads begun on them (default RETIRE_MS). */
  retireMs?: number;
  /** Rows outside the indexes from which measureLag() calls a fold due (default LAG_FOLD_ROWS). */
  lagFoldRows?: number;
}

interface Manifest {
  schemaVersion: number;
  /** New for every index built from nothing: a reader that sees another one reopens the tables. */
  generation?: string;
  /** Absent in manifests written before the setting existed: those were built as english. */
  language?: LanguageSetting;
  /** Languages the documents were analyzed in (one, or several under `auto`): what queries are analyzed for. */
  documentLanguages?: Language[];
  /** The analyzer's revision for each of those languages (src/analyze); absent before revisions. */
  analyzerRevisions?: AnalyzerRevisions;
  vectorDimensions: number | null;
  embeddingModel: string | null;
  lastIngestAt: string | null;
}

/**
 * Searches name the score they read: LanceDB 0.37 adds it to a projection that leaves it out,
 * logs a deprecation warning on every such search ("in the future it will not"), and the
 * library's users see LanceDB's warnings unless they set LANCEDB_LOG.
 */
const textSearchColumns = [...chunkColumns, '_score'];
const vectorSearchColumns = [...chunkColumns, '_distance'];

function stringList(): DataType {
  return new List(new Field('item', new Utf8(), true));
}

function chunkSchema(dimensions: number | null): Schema {
  const fields = [
    new Field('id', new Utf8(), false),
    new Field('doc_id', new Utf8(), false),
    new Field('doc_hash', new Utf8(), false),
    new Field('chunk_index', new Int32(), false),
    new Field('text', new Utf8(), false),
    // What BM25 indexes: title and heading path give a passage the context its words lack.
    new Field('search_text', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('heading_path', stringList(), false),
    new Field('start', new Int32(), false),
    new Field('end', new Int32(), false),
    new Field('source', new Utf8(), false),
    new Field('groups', stringList(), false),
    new Field('tokens', new Int32(), false),
    new Field('hash', new Utf8(), false),
    new Field('metadata', new Utf8(), false),
    new Field('payload', new Utf8(), false),
  ];
  if (dimensions !== null) {
    fields.push(
      new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), true),
    );
  }
  return new Schema(fields);
}

const documentSchema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('hash', new Utf8(), false),
  new Field('title', new Utf8(), false),
  new Field('source', new Utf8(), false),
  new Field('format', new Utf8(), false),
  new Field('modified_at', new Utf8(), false),
  new Field('groups', stringList(), false),
  new Field('chunk_count', new Int32(), false),
  new Field('ingested_at', new Utf8(), false),
  new Field('language', new Utf8(), false),
  // Where the document came from: `files:<root>` (the ingest root, relative to the project) or `api`.
  new Field('origin', new Utf8(), true),
]);

/** Predicate that lets a reader see public chunks and its own groups' chunks; enforced inside the query. */
export function accessPredicate(reader: Reader): string | undefined {
  const groups = readableGroups(reader);
  return groups === null ? undefined : `array_has_any(groups, [${sqlList(groups)}])`;
}

/** What a search runs under: the reader's access, and the caller's predicate if any. */
function predicateFor(options: SearchOptions): string | undefined {
  return combinePredicates(accessPredicate(options.reader), options.where);
}

function toStringArray(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const iterable = value as { toArray?: () => unknown[] };
  if (typeof iterable.toArray === 'function') return iterable.toArray().map(String);
  return [];
}

function toDocumentRecord(row: Record<string, unknown>): DocumentRecord {
  return {
    id: String(row.id),
    hash: String(row.hash),
    title: String(row.title),
    source: String(row.source),
    format: String(row.format) as DocumentFormat,
    modifiedAt: String(row.modified_at),
    groups: toStringArray(row.groups),
    chunkCount: Number(row.chunk_count),
    ingestedAt: String(row.ingested_at),
    ...(isLanguage(row.language) ? { language: row.language } : {}),
    ...(typeof row.origin === 'string' ? { origin: row.origin } : {}),
  };
}

async function directorySize(directory: string): Promise<number> {
  let total = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) total += await directorySize(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

/**
 * A v4 index predates per-document languages: every document was analyzed in the manifest's one
 * language, which the new column records. One commit on the documents table, then the manifest;
 * a crash in between leaves the column, which a second run finds and keeps.
 */
async function upgradeFromVersion4(documents: lancedb.Table, manifest: Manifest): Promise<Manifest> {
  const language = manifest.language ?? 'english';
  const fields = (await documents.schema()).fields.map((field) => field.name);
  if (!fields.includes('language')) {
    await documents.addColumns([{ name: 'language', valueSql: quoteSql(language) }]);
  }
  return {
    ...manifest,
    schemaVersion: SCHEMA_VERSION,
    documentLanguages: language === 'auto' ? [] : [language],
  };
}

/**
 * The default IndexStore: LanceDB, embedded, on local disk. Two tables — `chunks` (BM25 index
 * on `search_text`, optional vector column, access groups as a filterable list) and
 * `documents` (what incremental ingest compares against).
 */

/** A manifest written with other settings than knowhow.yaml's now is an error, not silent garbage. */
function checkCompatible(
  directory: string,
  manifest: Manifest,
  wanted: { dimensions: number | null; model: string | null; language?: LanguageSetting },
): void {
  // v4 stays readable: the next write (under the writer lock) upgrades it in place.
  if (manifest.schemaVersion !== SCHEMA_VERSION && manifest.schemaVersion !== 4) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index at ${directory} has schema v${manifest.schemaVersion}; this knowhow reads v${SCHEMA_VERSION}.`,
      {
        hint: 'Rebuild it from your sources: `knowhow ingest --rebuild <paths>`.',
      },
    );
  }
  if (wanted.dimensions !== null && manifest.vectorDimensions !== wanted.dimensions) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index was built ${manifest.embeddingModel ? `with embedding model ${manifest.embeddingModel} (${manifest.vectorDimensions} dimensions)` : 'without embeddings'}, but the configured embedding model ${wanted.model ?? ''} has ${wanted.dimensions}.`,
      { hint: 'Rebuild the index with `knowhow ingest --rebuild <paths>` after changing models.embed.' },
    );
  }
  if (wanted.model !== null && manifest.embeddingModel !== null && manifest.embeddingModel !== wanted.model) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index was embedded with ${manifest.embeddingModel}, but models.embed is now ${wanted.model}.`,
      { hint: 'Vectors of different models are not comparable: run `knowhow ingest --rebuild <paths>`.' },
    );
  }
  const built = manifest.language ?? 'english';
  if (wanted.language !== undefined && wanted.language !== built) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index was built with retrieve.language: ${built}, but knowhow.yaml now says ${wanted.language}.`,
      {
        hint: 'Words are analyzed when they are indexed: run `knowhow ingest --rebuild <paths>`, or set the language back.',
      },
    );
  }
  // A v4 manifest lists no document languages: its documents were all in its one language.
  const analyzed = manifest.documentLanguages ?? (built === 'auto' ? [] : [built]);
  const stale = staleAnalyzerLanguages(manifest.analyzerRevisions, analyzed);
  if (stale.length > 0) {
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      `The index at ${directory} holds ${stale.join(', ')} words analyzed by an older knowhow, whose rules for ${stale.length === 1 ? 'that language' : 'those languages'} have changed since.`,
      {
        hint: 'Queries are analyzed by the new rules and would miss those words: run `knowhow ingest --rebuild <paths>`.',
        details: { languages: stale },
      },
    );
  }
}

/**
 * How often a reader looks for commits made by other processes (LanceDB's readConsistencyInterval,
 * in seconds) and for a rebuilt index: a running `knowhow serve` sees a CLI ingest within this.
 * One check costs a directory listing, at most once a second per table.
 */
const READ_CONSISTENCY_SECONDS = 1;
const REFRESH_MS = READ_CONSISTENCY_SECONDS * 1000;

/**
 * LanceDB's caches default to 6 GB of index and 1 GB of metadata per connection, and every fold
 * writes index files under new names: a server that took 192 uploads grew from 228 MB to 1.13 GB
 * of RSS and kept it. These bounds hold SciFact's whole index many times over.
 */
const INDEX_CACHE_BYTES = 256n * 1024n * 1024n;
/** Reads take milliseconds; a listing of 100,000 documents a few seconds. */
const RETIRE_MS = 10_000;
const METADATA_CACHE_BYTES = 64n * 1024n * 1024n;

/**
 * Below this many chunks vector search scans every vector, exactly; from it on, maintenance
 * builds an approximate index once, and later folds keep it up to date (rows added since are
 * scanned exactly until then). A flat scan of 100,000 × 768 dimensions took 69 ms p50 here.
 */
export const VECTOR_INDEX_MIN_ROWS = 50_000;

/**
 * IVF_RQ (RaBitQ: one bit per dimension after a random rotation, nothing to train but the IVF
 * centroids), searched in VECTOR_PROBES partitions with the best VECTOR_REFINED candidates (at
 * least k) re-ranked on their full vectors. LanceDB sizes the partitions itself: 244 at 1,000,000 rows,
 * about 4,100 rows each (counted as analyzePlan's partitions_searched under more probes than
 * there are partitions; an earlier reading of 122 here was wrong).
 *
 * IVF_PQ cost 637 s of a 100,000-chunk ingest: not its partitions (LanceDB trains them on
 * 256 × 12 vectors in 0.02 s) but its 48 PQ codebooks, each a k-means of 256 centroids over
 * 65,536 sampled sub-vectors for up to 50 iterations — 46 CPU-seconds at 30,000 × 768, 147 at
 * 100,000, and the sample does not shrink for larger tables. Measured on generated passages × 768
 * dimensions (hash embedder), recall@10 of a g1 reader (100 queries) against the exact scan,
 * CPU seconds of the build (the wall time was 3–7× that on shared, busy cores):
 *
 *   30,000 rows      build     nprobes 20 refine 10   refine 20
 *     IVF_PQ          46 s                            0.997
 *     IVF_PQ 4 bits    2.9 s      0.868               0.942
 *     IVF_RQ           2.4 s      1.000               1.000
 *     IVF_FLAT         2.2 s      1.000 (no refine; 5 probes 0.973)
 *     IVF_HNSW_SQ     29 s        ef 100: 0.977, ef 50: 0.919
 *   100,000 rows
 *     IVF_PQ         147 s                            0.976  (1,100 s of wall time)
 *     IVF_RQ           5.9 s      0.996               0.996  (32 s; 12 partitions, all probed)
 *     IVF_RQ, 122 partitions (1,000,000 rows' count, 820 rows each): 18.9 s
 *                       nprobes 10 0.667, 20 0.831, 40 0.960 (refine 10; 20 changed nothing)
 *
 * The misses at 122 partitions are neighbours in partitions left unprobed: the hash embedder's
 * passages cluster weakly (cosine 0.35 between random passages, 0.41 within a topic, 0.80 to
 * the nearest), so a query's neighbours spread over many partitions. Recall follows the share
 * of partitions probed, not the candidates re-ranked. On a real 1,000,000 × 768 index (244
 * partitions of ~4,100 rows; same g1 reader and 100 queries; p50 in ms on 2 cores at a load
 * average of 13, where the bench had measured dense 8.0 and hybrid 13.8 at 40 probes):
 *
 *   nprobes  re-ranked  recall@10   dense p50  hybrid p50
 *     40        100       0.916       21.3       45.2
 *     40     200, 400     0.916       25.3, 35.6 47.4, 52.0
 *     60        100       0.964       22.8       45.8
 *     70        100       0.979       26.0       48.8
 *     80         50       0.980       23.1       41.6
 *     80        100       0.986       26.5       50.5
 *     80     200, 400     0.986       37.7, 53.3 59.0, 76.8
 *    122 (half) 100       0.997       31.8       56.5
 *   (the 200 and 400 rows come from an earlier pass of the same sweep, where 40 × 100 took 20.3
 *   and 39.1 ms)
 *
 * A second 1,000,000 × 768 build (7ed8433's bench load, same queries), a quiet machine (load
 * 1–3), two processes alternating, p50 ms:
 *
 *   nprobes  recall@10  dense p50          hybrid p50
 *     60       0.963     15.5 15.7 16.7 17.1   24.5 25.1 25.1 26.6
 *     70       0.977     19.1 19.2             27.6 27.0
 *     80       0.985     18.1 17.4 19.6 19.5   27.6 27.9 29.3 27.9   (bench scale: 19.3 / 29.5)
 *
 * (LanceDB's index cache at 1 GB instead of 256 MB changed none of these.) Hence 60 probes, a
 * quarter of the 244 partitions: recall 0.957–0.968 over six builds, above the 0.95 target, and dense
 * 2–3 ms under 80's, whose 19.3 ms in the bench sat on the 20 ms target. Latency grows with
 * the rows the probes cover (60 × ~4,100, some 250,000 a query), and hybrid, which runs BM25 at k = 50
 * beside it on 2 cores, costs dense plus the read of its winners (lance-fused-search.ts). Below about 246,000
 * rows (60 partitions) every partition is probed. Above 1,000,000 rows the share falls; LanceDB
 * 0.37 reports no partition count (neither listIndices' details nor indexStats) to scale the
 * probes by.
 */
function vectorIndexConfig(): lancedb.Index {
  return lancedb.Index.ivfRq({ distanceType: 'cosine' });
}
/** Partitions searched per query; see the table above. */
export const VECTOR_PROBES = 60;
/**
 * Candidates re-ranked on their full vectors, whatever k: 10 × k for the k = 10 of a dense
 * search. Each is a random read of a 3 KB vector, so a factor of 10 made hybrid's k = 50 read
 * 500 of them: 176 ms p50 against 31 ms at k = 10 (100,000 chunks, busy cores), while BM25 at
 * k = 50 took 15 ms — hybrid cost 2.6× dense (75.8 against 29.3 ms). 100 candidates at k = 50
 * took 27.9 ms; the top 10 are those of a k = 10 search, re-ranked from the same 100. More do
 * not help recall: 200 or 400 at 1,000,000 rows left it where 100 did (table above) and cost
 * 5–27 ms more.
 */
const VECTOR_REFINED = 100;

/** LanceDB's refine factor (a multiple of k) that re-ranks VECTOR_REFINED candidates, or k. */
export function vectorRefineFactor(k: number): number {
  return Math.max(1, Math.ceil(VECTOR_REFINED / k));
}

interface Tables {
  chunks: lancedb.Table;
  documents: lancedb.Table;
}

/**
 * The default IndexStore: LanceDB, embedded, on local disk. Two tables — `chunks` (BM25 index
 * on `search_text`, optional vector column, access groups as a filterable list) and
 * `documents` (what incremental ingest compares against).
 *
 * Any number of processes read it; one writes at a time, under the index's writer lock
 * (index-lock.ts), which every write method takes unless the caller holds it. Opening never
 * writes: the tables and the manifest are created by the first write.
 */
export class LanceIndexStore implements IndexStore {
  readonly kind = 'lancedb';
  private readonly journal: IngestJournal;
  private ftsReady = false;
  /**
   * Each commit frees what building its rows took, and glibc keeps it: handed back at most every
   * 2 s (a trim costs 3.5 ms median), with maintain()'s trims the first ingest of 1,000,000
   * records peaked at 909,408 KiB instead of 975,568–1,028,064 (see core/native-memory.ts).
   */
  private readonly trimmer = createNativeMemoryTrimmer({ intervalMs: NATIVE_TRIM_INTERVAL_MS });
  /** The manifest text last read: a new generation means the index was rebuilt under us. */
  private manifestText: string | null;
  private refreshedAt = Date.now();
  /** The writer-lock token under which the journal was last recovered. */
  private recoveredUnder: string | null = null;
  private lastRecovery = { verified: 0, removed: 0 };
  private lastFoldAt = 0;
  /** What this process wrote since the tables were last asked whether a fold is due. */
  private readonly unchecked = createWriteTally();
  private hasOrigin = false;
  private vectorIndexMinRows = VECTOR_INDEX_MIN_ROWS;
  private lagFoldRows = LAG_FOLD_ROWS;
  private textIndexBuild: Promise<boolean> | null = null;
  /** Closes handles superseded by renewConnection, each once. */
  private readonly retired = new Set<() => void>();
  private retireMs = RETIRE_MS;

  private constructor(
    private readonly directory: string,
    private connection: lancedb.Connection,
    private tables: Tables | null,
    private manifest: Manifest,
    manifestText: string | null,
    private readonly wanted: { dimensions: number | null; model: string | null; language?: LanguageSetting },
  ) {
    this.journal = new IngestJournal(directory);
    this.manifestText = manifestText;
  }

  /** The analyzer setting this index was built with; queries and snippets must use the same. */
  get language(): LanguageSetting {
    return this.manifest.language ?? 'english';
  }

  /** The languages its documents were analyzed in: the setting's one, or those detected under `auto`. */
  get documentLanguages(): Language[] {
    const setting = this.language;
    if (setting !== 'auto') return [setting];
    return this.manifest.documentLanguages ?? [];
  }

  static async open(options: LanceIndexStoreOptions): Promise<LanceIndexStore> {
    const directory = path.resolve(options.directory);
    const wanted = {
      dimensions: options.vectorDimensions ?? null,
      model: options.embeddingModel ?? null,
      ...(options.language === undefined ? {} : { language: options.language }),
    };
    const { manifest, text } = await readManifestRestoring(directory);
    const connection = await connectTo(directory);
    const tables = await openTables(connection, directory);
    if (manifest && tables) checkCompatible(directory, manifest, wanted);
    const store = new LanceIndexStore(
      directory,
      connection,
      tables,
      manifest && tables ? manifest : freshManifest(wanted),
      text,
      wanted,
    );
    store.vectorIndexMinRows = options.vectorIndexMinRows ?? VECTOR_INDEX_MIN_ROWS;
    store.retireMs = options.retireMs ?? RETIRE_MS;
    store.lagFoldRows = options.lagFoldRows ?? LAG_FOLD_ROWS;
    await store.inspectTables();
    await store.journal.read();
    return store;
  }

  /** Drops every table (under the writer lock, which lives beside the folder); `ingest --rebuild` swaps instead (index-folder-swap.ts). */
  static async destroy(directory: string): Promise<void> {
    await rm(directory, { recursive: true, force: true });
  }

  private async inspectTables(): Promise<void> {
    if (!this.tables) return;
    this.ftsReady = (await this.tables.chunks.listIndices()).some((index) =>
      index.columns.includes('search_text'),
    );
    this.hasOrigin = (await this.tables.documents.schema()).fields.some((field) => field.name === 'origin');
  }

  /**
   * Readers pick up other processes' commits through readConsistencyInterval; a rebuilt index
   * (a new manifest generation) or tables that did not exist yet need the tables reopened.
   */
  private async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.refreshedAt < REFRESH_MS) return;
    this.refreshedAt = Date.now();
    await this.journal.read();
    const { manifest, text } = await readManifestRestoring(this.directory);
    if (text === this.manifestText && this.tables) return;
    if (this.tables && manifest && manifest.generation === this.manifest.generation) {
      this.manifestText = text;
      this.manifest = manifest;
      return;
    }
    // A rebuilt index starts LanceDB's version numbers again at the same path, and a session's
    // caches are keyed by path and version: reopened on the old connection, the new table's
    // version N was read from the old table's cached manifest, whose index files the rebuild had
    // deleted ("Not found: …/_indices/…/metadata.lance" in the e2e test under load). A new
    // generation gets a new connection; the old one is retired as after a compaction.
    const rebuilt = this.tables !== null;
    const connection = rebuilt ? await connectTo(this.directory) : this.connection;
    const tables = await openTables(connection, this.directory);
    if (!tables) {
      if (rebuilt) connection.close();
      return;
    }
    if (manifest) {
      try {
        checkCompatible(this.directory, manifest, this.wanted);
      } catch (error) {
        if (!rebuilt) throw error;
        tables.chunks.close();
        tables.documents.close();
        connection.close();
        throw KnowhowError.isInstance(error) ? refusedAfterRebuild(error) : error;
      }
    }
    if (rebuilt) {
      this.retire(this.connection, this.tables);
      this.connection = connection;
    }
    this.tables = tables;
    this.manifest = manifest ?? freshManifest(this.wanted);
    this.manifestText = text;
    await this.inspectTables();
  }

  /**
   * The server's writer process (writer-process-store.ts) has just committed: its writes are read
   * now, not at the next read-consistency check up to a second later, so that a search made after
   * an upload's answer finds what it added. After a compaction (`folded`) the connection is
   * renewed, as the writing store renews its own: the session's caches would otherwise keep every
   * replaced index and data file a reader ever read.
   */
  async followWrites(options: { folded?: boolean } = {}): Promise<void> {
    await this.refresh(true);
    if (!this.tables) return;
    if (options.folded) await this.renewConnection();
    else await this.checkoutLatest();
    if (!this.ftsReady || !this.hasOrigin) await this.inspectTables();
    // Each version read replaces what was read of the one before, as a commit does here.
    this.trimmer.maybeTrim();
  }

  /** Both tables at their latest version now, not at the next read-consistency check (up to a second later). */
  private async checkoutLatest(): Promise<void> {
    if (!this.tables) return;
    await Promise.all([this.tables.chunks.checkoutLatest(), this.tables.documents.checkoutLatest()]);
  }

  private closeTables(): void {
    this.tables?.chunks.close();
    this.tables?.documents.close();
    this.tables = null;
  }

  /**
   * A compaction rewrites the data files and a fold writes every index under new file names, but
   * LanceDB's caches keep what they read of the replaced files until their bounds fill: a server
   * folding every ~25 small uploads kept growing (LanceDB alone, 320 writes with a fold every 16:
   * 160 MB of RSS, 92 MB with a new session after each fold). A new connection, with its own
   * session, holds only what is read from then on. Queries already running keep the old
   * session's handles until they end; closing only stops new ones from starting on it.
   */
  private async renewConnection(): Promise<void> {
    const connection = await connectTo(this.directory);
    const tables = await openTables(connection, this.directory);
    if (!tables) {
      connection.close();
      return;
    }
    this.retire(this.connection, this.tables);
    this.connection = connection;
    this.tables = tables;
  }

  /**
   * A reader that took the tables before a renewal may still start a call on them (stats() makes
   * several in a row): they are closed RETIRE_MS later, or when the store closes.
   */
  private retire(connection: lancedb.Connection, tables: Tables | null): void {
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.retired.delete(close);
      tables?.chunks.close();
      tables?.documents.close();
      connection.close();
      // What the retired session cached is free now; malloc keeps it unless asked (core/native-memory.ts).
      // Once per compaction at most, 3.5 ms each: not throttled like the trims after commits.
      trimNativeMemory();
    };
    this.retired.add(close);
    setTimeout(close, this.retireMs).unref();
  }

  /**
   * `ingest --rebuild` in another process deletes the files a reader's tables point at, and the
   * reader notices only at its next refresh (up to READ_CONSISTENCY_SECONDS): a running server
   * answered 500 to 33 of 80 searches made right after 8 rebuilds (0 of 80 with this). A read
   * that finds its files gone renews the connection, which opens the latest tables, and runs once
   * more.
   */
  private async retryOnMissingFiles<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!isMissingFileError(error)) throw error;
      // A rebuilt index (new manifest generation) gets its new connection from refresh(); within
      // one generation, a new connection drops what the old session cached of deleted files.
      const stale = this.connection;
      await this.refresh(true);
      if (this.connection === stale) await this.renewConnection();
      return read();
    }
  }

  private async readTables(): Promise<Tables | null> {
    await this.refresh();
    return this.tables;
  }

  private async writeManifest(): Promise<void> {
    const text = `${JSON.stringify(this.manifest, null, 2)}\n`;
    const file = path.join(this.directory, MANIFEST);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
    this.manifestText = text;
  }

  /**
   * Takes the index's writer lock (waiting as told), creates the tables on a first write and
   * settles what a crashed writer left. Ingest holds one session for its whole run; single write
   * calls open their own.
   */
  async beginWrite(options: WriteSessionOptions = {}): Promise<WriteSession> {
    const lock = holdsIndexLock(this.directory)
      ? null
      : await acquireIndexLock(this.directory, {
          purpose: options.purpose ?? 'write',
          waitSeconds: options.waitSeconds ?? 0,
          ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
        });
    try {
      await this.prepareWrite();
    } catch (error) {
      await lock?.release();
      throw error;
    }
    return { recovered: { ...this.lastRecovery }, release: async () => lock?.release() };
  }

  private async withWriteLock<T>(purpose: string, work: (tables: Tables) => Promise<T>): Promise<T> {
    if (holdsIndexLock(this.directory)) return work(await this.prepareWrite());
    const session = await this.beginWrite({ purpose });
    try {
      return await work(this.tables!);
    } finally {
      await session.release();
    }
  }

  /** Once per lock: the latest tables, created if missing, migrated, and the journal settled. */
  private async prepareWrite(): Promise<Tables> {
    const token = heldIndexLock(this.directory)?.owner.token ?? null;
    if (this.tables && token !== null && token === this.recoveredUnder) return this.tables;
    await this.refresh(true);
    // What this writer lists and checks must include what the last one committed, however recently.
    await this.checkoutLatest();
    if (!this.tables) {
      await mkdir(this.directory, { recursive: true });
      // Under the lock: what a cut-short creation left is empty, and would fail createEmptyTable.
      for (const name of [CHUNKS, DOCUMENTS]) {
        if (wasCutShort(this.directory, name)) {
          await rm(path.join(this.directory, `${name}.lance`), { recursive: true, force: true });
        }
      }
      this.tables = {
        chunks: await this.connection.createEmptyTable(CHUNKS, chunkSchema(this.manifest.vectorDimensions), {
          existOk: true,
        }),
        documents: await this.connection.createEmptyTable(DOCUMENTS, documentSchema, { existOk: true }),
      };
      await this.inspectTables();
    }
    if (!this.hasOrigin) {
      // Indexes built before origins were recorded: '' means "files, root unknown".
      await this.tables.documents.addColumns([{ name: 'origin', valueSql: "''" }]);
      this.hasOrigin = true;
    }
    if (this.manifest.schemaVersion === 4) {
      this.manifest = await upgradeFromVersion4(this.tables.documents, this.manifest);
      await this.writeManifest();
    }
    if (this.manifestText === null) await this.writeManifest();
    this.lastRecovery = await this.recover(this.tables);
    this.recoveredUnder = token;
    return this.tables;
  }

  /**
   * Every document the journal lists is checked: whole (its record, and exactly its chunk count
   * of chunks, all of its hash, no chunk id twice) it stays; anything else is removed, chunks
   * first, so that the next ingest writes it again as new. Crashing in here is safe: ids leave
   * the journal only after their check.
   */
  private async recover(tables: Tables): Promise<{ verified: number; removed: number }> {
    const suspects = [...(await this.journal.read())];
    const outcome = { verified: 0, removed: 0 };
    for (let i = 0; i < suspects.length; i += 500) {
      const slice = suspects.slice(i, i + 500);
      const records = (await tables.documents
        .query()
        .where(`id IN (${sqlList(slice)})`)
        .select(['id', 'hash', 'chunk_count'])
        .toArray()) as { id: string; hash: string; chunk_count: number }[];
      const chunkRows = (await tables.chunks
        .query()
        .where(`doc_id IN (${sqlList(slice)})`)
        .select(['id', 'doc_id', 'doc_hash'])
        .toArray()) as { id: string; doc_id: string; doc_hash: string }[];
      const broken = slice.filter((id) => !isWhole(id, records, chunkRows));
      if (broken.length > 0) {
        await tables.chunks.delete(`doc_id IN (${sqlList(broken)})`);
        crashPoint('recover:after-chunks');
        await tables.documents.delete(`id IN (${sqlList(broken)})`);
        crashPoint('recover:after-documents');
      }
      await this.journal.unmark(slice);
      outcome.removed += broken.length;
      outcome.verified += slice.length - broken.length;
    }
    return outcome;
  }

  /** Documents whose last write may not have completed (from the journal); the next ingest settles them. */
  pendingDocumentIds(): Set<string> {
    return this.journal.pending();
  }

  async listDocuments(): Promise<Map<string, DocumentRecord>> {
    return this.retryOnMissingFiles(() => this.listDocumentsOnce());
  }

  private async listDocumentsOnce(): Promise<Map<string, DocumentRecord>> {
    const tables = await this.readTables();
    const map = new Map<string, DocumentRecord>();
    if (!tables) return map;
    const suspects = this.journal.pending();
    const rows = await tables.documents.query().toArray();
    for (const row of rows) {
      const record = toDocumentRecord(row as Record<string, unknown>);
      // A document caught mid-write is reported with an impossible hash so that it is always rewritten.
      map.set(record.id, suspects.has(record.id) ? { ...record, hash: `pending:${record.hash}` } : record);
    }
    return map;
  }

  /**
   * Three columns read batch by batch from Arrow, not every column as row objects: at 100,000
   * documents the whole-record listing held most of a re-ingest's memory.
   */
  async *listDocumentVersions(): AsyncGenerator<DocumentVersion[]> {
    const tables = await this.readTables();
    if (!tables) return;
    const suspects = this.journal.pending();
    const columns = this.hasOrigin ? ['id', 'hash', 'origin'] : ['id', 'hash'];
    for await (const batch of tables.documents.query().select(columns)) {
      const ids = batch.getChild('id');
      const hashes = batch.getChild('hash');
      const origins = batch.getChild('origin');
      const versions: DocumentVersion[] = [];
      for (let i = 0; i < batch.numRows; i++) {
        const id = String(ids?.get(i));
        const hash = String(hashes?.get(i));
        const origin: unknown = origins?.get(i);
        versions.push({
          id,
          // A document caught mid-write gets an impossible hash, so that it is always rewritten.
          hash: suspects.has(id) ? `pending:${hash}` : hash,
          ...(typeof origin === 'string' ? { origin } : {}),
        });
      }
      yield versions;
    }
  }

  async getDocuments(ids: string[]): Promise<Map<string, DocumentRecord>> {
    return this.retryOnMissingFiles(() => this.getDocumentsOnce(ids));
  }

  private async getDocumentsOnce(ids: string[]): Promise<Map<string, DocumentRecord>> {
    const map = new Map<string, DocumentRecord>();
    const tables = ids.length === 0 ? null : await this.readTables();
    if (!tables) return map;
    const suspects = this.journal.pending();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await tables.documents
        .query()
        .where(`id IN (${sqlList(ids.slice(i, i + 500))})`)
        .toArray();
      for (const row of rows) {
        const record = toDocumentRecord(row as Record<string, unknown>);
        map.set(record.id, suspects.has(record.id) ? { ...record, hash: `pending:${record.hash}` } : record);
      }
    }
    return map;
  }

  async writeDocuments(writes: DocumentWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const ids = writes.map((write) => write.document.id);
    if (new Set(ids).size !== ids.length) {
      throw new KnowhowError('INDEX_FAILED', 'One write lists the same document twice.', {
        hint: 'Two inputs produced the same document id; give records unique ids.',
      });
    }
    const languages = await Promise.all(
      writes.map((write) => resolveDocumentLanguage(this.language, documentSample(write))),
    );
    await this.withWriteLock('write', async (tables) => {
      const rows = writes.flatMap((write, i) => this.toChunkRows(write, languages[i] as Language));
      // One read of the records these writes may replace: whether each is there, and how many
      // chunks it has (what an upsert may leave behind when the new version is shorter).
      const previousCounts = await this.recordedChunkCounts(
        tables,
        writes.filter((write) => write.replaces !== false).map((write) => write.document.id),
      );
      const existing = new Set(
        writes
          .filter((write) => write.replaces === true || previousCounts.has(write.document.id))
          .map((write) => write.document.id),
      );
      // Still listed from a failed write in this session: its chunks may be there without its record.
      const suspects = this.journal.pending();
      crashPoint('write:before-journal');
      await this.journal.mark(ids);
      crashPoint('write:after-journal');
      try {
        const replacing = ids.filter((id) => existing.has(id) || suspects.has(id));
        if (replacing.length === 0) {
          if (rows.length > 0) await tables.chunks.add(this.chunkTable(rows));
        } else if (rows.length === 0) {
          await tables.chunks.delete(`doc_id IN (${sqlList(replacing)})`);
        } else {
          // Chunk ids are `<document>#<index>`: an upsert replaces the chunks both versions have
          // and adds the new ones, looking ids up in their index. The chunks only the old version
          // had go in a second commit, and only when there are any (a reader may see them for a
          // moment beside the new ones, never a document with chunks missing). One merge that also
          // deleted them (whenNotMatchedBySourceDelete) scanned every row of the table, vectors
          // included: a 1% re-ingest at 100,000 chunks × 768 dimensions took 5.8 s and 420 MB per
          // write instead of 1.2 s and 70 MB, and at 1,000,000 chunks it peaked at 3.97 GB.
          await tables.chunks
            .mergeInsert('id')
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .execute(this.chunkTable(rows));
          crashPoint('write:after-upsert');
          const replaced = new Set(replacing);
          const surplus = surplusChunks(writes, (id) => {
            if (!replaced.has(id)) return 0;
            // Caught mid-write, its chunks may be of a version its record does not describe.
            return suspects.has(id) ? undefined : previousCounts.get(id);
          });
          if (surplus) await tables.chunks.delete(surplus);
        }
        crashPoint('write:after-chunks');
        const documentRows = writes.map((write, i) => ({
          id: write.document.id,
          hash: write.document.hash,
          title: write.document.title,
          source: write.document.source,
          format: write.document.format,
          modified_at: write.document.modifiedAt,
          groups: write.document.groups,
          chunk_count: write.chunks.length,
          ingested_at: write.document.ingestedAt,
          language: languages[i] as Language,
          origin: write.document.origin ?? '',
        }));
        const documentTable = rowsToArrowTable(documentSchema, documentRows);
        if (existing.size === 0 && !ids.some((id) => suspects.has(id))) {
          await tables.documents.add(documentTable);
        } else {
          await tables.documents
            .mergeInsert('id')
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .execute(documentTable);
        }
        crashPoint('write:after-documents');
        await this.journal.unmark(ids);
        crashPoint('write:after-unmark');
        this.unchecked.add(rows.length);
        this.trimmer.maybeTrim();
      } catch (error) {
        throw new KnowhowError('INDEX_FAILED', `Writing ${ids.length} document(s) to the index failed.`, {
          cause: error,
          hint: 'These documents stay marked as pending: the next `knowhow ingest` checks them and writes them again.',
          details: { documents: ids.slice(0, 10) },
        });
      }
      this.manifest.documentLanguages = [
        ...new Set([...(this.manifest.documentLanguages ?? []), ...languages]),
      ];
      this.manifest.analyzerRevisions = analyzerRevisionsOf(this.manifest.documentLanguages);
      this.manifest.lastIngestAt = new Date().toISOString();
      await this.writeManifest();
    });
  }

  /**
   * Rows in the schema this version writes. LanceDB matches columns by name, so a table upgraded
   * in place (language and origin added at the end, non-null) takes them as they are.
   */
  private chunkTable(rows: Record<string, unknown>[]): ArrowTable {
    return rowsToArrowTable(chunkSchema(this.manifest.vectorDimensions), rows);
  }

  /** How many chunks each listed document has, by its record (a document without one is left out). */
  private async recordedChunkCounts(tables: Tables, ids: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await tables.documents
        .query()
        .where(`id IN (${sqlList(ids.slice(i, i + 500))})`)
        .select(['id', 'chunk_count'])
        .toArray();
      for (const row of rows as { id: unknown; chunk_count: unknown }[]) {
        counts.set(String(row.id), Number(row.chunk_count));
      }
    }
    return counts;
  }

  private toChunkRows(write: DocumentWrite, language: Language): Record<string, unknown>[] {
    const dimensions = this.manifest.vectorDimensions;
    if (dimensions !== null && (!write.vectors || write.vectors.length !== write.chunks.length)) {
      throw new KnowhowError(
        'INDEX_FAILED',
        `Document ${write.document.id} has no vectors but the index expects them.`,
        {
          hint: 'This is a bug in the ingest pipeline: report it.',
        },
      );
    }
    return write.chunks.map((chunk, i) => {
      const row: Record<string, unknown> = {
        id: chunk.id,
        doc_id: chunk.documentId,
        doc_hash: chunk.documentHash,
        chunk_index: chunk.index,
        text: chunk.text,
        search_text: analyze(searchableText(chunk), language).join(' '),
        title: chunk.title,
        heading_path: chunk.headingPath,
        start: chunk.start,
        end: chunk.end,
        source: chunk.source,
        groups: chunk.groups,
        tokens: chunk.tokens,
        hash: chunk.hash,
        metadata: JSON.stringify(chunk.metadata),
        payload: chunkPayload(chunk, language),
      };
      if (dimensions !== null) {
        const vector = write.vectors![i]!;
        if (vector.length !== dimensions) {
          throw new KnowhowError(
            'INDEX_FAILED',
            `A vector for ${chunk.id} has ${vector.length} dimensions, expected ${dimensions}.`,
            {
              hint: 'The embedding model returned vectors of a different size: rebuild the index with `--rebuild`.',
            },
          );
        }
        row.vector = vector;
      }
      return row;
    });
  }

  async deleteDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.withWriteLock('delete', async (tables) => {
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        await this.journal.mark(slice);
        crashPoint('delete:after-journal');
        // Chunks first: a crash in between leaves a record without chunks, which recovery removes.
        await tables.chunks.delete(`doc_id IN (${sqlList(slice)})`);
        crashPoint('delete:after-chunks');
        await tables.documents.delete(`id IN (${sqlList(slice)})`);
        crashPoint('delete:after-documents');
        this.unchecked.add(slice.length);
        await this.journal.unmark(slice);
      }
      this.manifest.lastIngestAt = new Date().toISOString();
      await this.writeManifest();
    });
  }

  async searchText(query: string, options: SearchOptions): Promise<SearchHit[]> {
    return this.retryOnMissingFiles(() => this.searchTextOnce(query, options));
  }

  private async searchTextOnce(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const text = await this.analyzeQuery(query);
    const chunks = text ? await this.searchableChunks() : null;
    if (!text || !chunks) return [];
    const rows = await this.textQuery(chunks, text, options).select(textSearchColumns).toArrow();
    return chunksFromArrow(rows).map((row, i) => ({ chunk: row.chunk, score: row.score, rank: i + 1 }));
  }

  /** The query as the index's analyzer wrote the passages' terms; empty when nothing is left to match. */
  private async analyzeQuery(query: string): Promise<string> {
    const languages = this.documentLanguages;
    // Under auto the query's own language decides its stop words (analyze/analyze-query.ts).
    const queryLanguage =
      this.language === 'auto' && languages.length > 1
        ? (await loadLanguageDetector()).detect(query)
        : undefined;
    return searchQueryText(query, languages, queryLanguage);
  }

  /**
   * The chunks table once searches may read it. Vector search waits for the first build as
   * full-text search does: the rows it would read before it are removed by that build without a
   * grace period (see maintain).
   */
  private async searchableChunks(): Promise<lancedb.Table | null> {
    const tables = await this.readTables();
    if (!tables) return null;
    if (!this.ftsReady && !(await this.buildMissingTextIndex(tables))) return null;
    // The build renews the connection: its tables replace those read above.
    return (this.tables ?? tables).chunks;
  }

  private textQuery(chunks: lancedb.Table, text: string, options: SearchOptions) {
    const search = chunks.search(text, 'fts', 'search_text').limit(options.k);
    const where = predicateFor(options);
    return where ? search.where(where) : search;
  }

  private vectorQuery(chunks: lancedb.Table, vector: Float32Array | number[], options: SearchOptions) {
    this.requireVectors();
    const search = chunks
      .vectorSearch(Array.from(vector))
      .column('vector')
      .distanceType('cosine')
      .nprobes(VECTOR_PROBES)
      .refineFactor(vectorRefineFactor(options.k))
      .limit(options.k);
    const where = predicateFor(options);
    return where ? search.where(where) : search;
  }

  private requireVectors(): void {
    if (this.manifest.vectorDimensions !== null) return;
    throw new KnowhowError(
      'INDEX_INCOMPATIBLE',
      'This index has no vectors: dense retrieval needs an embedding model.',
      {
        hint: 'Configure models.embed in knowhow.yaml and run `knowhow ingest --rebuild <paths>`, or use retrieve.mode: bm25.',
      },
    );
  }

  /**
   * Rows without a full-text index exist between a first ingest's commits and its last step, or
   * after it crashed. Another process may have built it since; otherwise it is built here if no
   * one is writing (a crashed writer's lock is taken over), and a reader never waits for a writer.
   */
  private buildMissingTextIndex(tables: Tables): Promise<boolean> {
    // Hybrid search asks from both halves at once: one build, both waiting for it.
    this.textIndexBuild ??= this.buildTextIndexNow(tables).finally(() => {
      this.textIndexBuild = null;
    });
    return this.textIndexBuild;
  }

  private async buildTextIndexNow(tables: Tables): Promise<boolean> {
    await this.inspectTables();
    if (this.ftsReady) return true;
    if ((await tables.chunks.countRows()) === 0) return false;
    try {
      await this.optimize();
    } catch (error) {
      if (!KnowhowError.isInstance(error) || error.code !== 'INDEX_LOCKED') throw error;
      throw new KnowhowError(
        'INDEX_LOCKED',
        `${error.message} Full-text search starts when its first ingest ends.`,
        {
          hint: 'Search again in a moment.',
          details: error.details,
        },
      );
    }
    return this.ftsReady;
  }

  async searchVector(vector: Float32Array | number[], options: SearchOptions): Promise<SearchHit[]> {
    return this.retryOnMissingFiles(() => this.searchVectorOnce(vector, options));
  }

  private async searchVectorOnce(
    vector: Float32Array | number[],
    options: SearchOptions,
  ): Promise<SearchHit[]> {
    this.requireVectors();
    const chunks = await this.searchableChunks();
    if (!chunks) return [];
    const rows = await this.vectorQuery(chunks, vector, options).select(vectorSearchColumns).toArrow();
    return chunksFromArrow(rows).map((row, i) => ({
      chunk: row.chunk,
      score: 1 - row.distance,
      rank: i + 1,
    }));
  }

  /** BM25 and vector search fused before reading chunks (lance-fused-search.ts). */
  async searchHybrid(
    query: string,
    vector: Float32Array | number[],
    options: HybridSearchOptions,
  ): Promise<SearchHit[]> {
    return this.retryOnMissingFiles(() => this.searchHybridOnce(query, vector, options));
  }

  private async searchHybridOnce(
    query: string,
    vector: Float32Array | number[],
    options: HybridSearchOptions,
  ): Promise<SearchHit[]> {
    this.requireVectors();
    const text = await this.analyzeQuery(query);
    const chunks = await this.searchableChunks();
    if (!chunks) return [];
    const candidates = { ...options, k: options.candidates };
    // Each search selects one column, its score: the addresses come with withRowId.
    const [textRows, vectorRows] = await Promise.all([
      text ? this.textQuery(chunks, text, candidates).select(['_score']).withRowId().toArrow() : null,
      this.vectorQuery(chunks, vector, candidates).select(['_distance']).withRowId().toArrow(),
    ]);
    const read = await readFusedChunks({
      chunks,
      lists: [textRows ? rowReferencesFrom(textRows) : [], rowReferencesFrom(vectorRows)],
      fuse: options.fuse,
      k: options.k,
      where: predicateFor(options),
    });
    if (read) return read;
    // A compaction moved a winner between the searches and the read: search again, reading chunks.
    const lists = await Promise.all([
      this.searchTextOnce(query, candidates),
      this.searchVectorOnce(vector, candidates),
    ]);
    return fuseHits(lists, options.fuse, options.k);
  }

  async getChunks(ids: string[]): Promise<Chunk[]> {
    return this.retryOnMissingFiles(() => this.getChunksOnce(ids));
  }

  private async getChunksOnce(ids: string[]): Promise<Chunk[]> {
    const tables = ids.length === 0 ? null : await this.readTables();
    if (!tables) return [];
    const rows = (await tables.chunks
      .query()
      .where(`id IN (${sqlList(ids)})`)
      .select(chunkColumns)
      .toArray()) as Record<string, unknown>[];
    const byId = new Map(rows.map((row) => [String(row.id), toChunk(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async getDocumentChunks(documentId: string): Promise<Chunk[]> {
    return this.retryOnMissingFiles(() => this.getDocumentChunksOnce(documentId));
  }

  private async getDocumentChunksOnce(documentId: string): Promise<Chunk[]> {
    const tables = await this.readTables();
    if (!tables) return [];
    const rows = (await tables.chunks
      .query()
      .where(`doc_id = ${quoteSql(documentId)}`)
      .select(chunkColumns)
      .toArray()) as Record<string, unknown>[];
    return rows.map(toChunk).sort((a, b) => a.index - b.index);
  }

  async getVectorsByHash(hashes: string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    const tables = hashes.length === 0 ? null : await this.readTables();
    if (this.manifest.vectorDimensions === null || !tables) return found;
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = (await tables.chunks
        .query()
        .where(`hash IN (${sqlList(hashes.slice(i, i + 500))}) AND vector IS NOT NULL`)
        .select(['hash', 'vector'])
        .toArray()) as { hash: string; vector: Iterable<number> }[];
      for (const row of rows) found.set(String(row.hash), Array.from(row.vector));
    }
    return found;
  }

  /**
   * Builds the indexes a first ingest needs; afterwards folds new rows in and compacts only when
   * the thresholds above are passed (`full` always does), removing versions superseded more than
   * VERSION_GRACE_MS ago. Small writes thus cost in proportion to their size.
   */
  async optimize(options: OptimizeOptions = {}): Promise<void> {
    await this.maintain(options);
  }

  /** optimize() with what it did: `knowhow optimize` and the server's idle maintenance print it. */
  async maintain(options: OptimizeOptions = {}): Promise<MaintenanceReport> {
    // Nothing due is answered without the writer lock: the server asks after every upload, and
    // taking the lock (a file created, written and removed) while a CLI ingest holds it would
    // fail with INDEX_LOCKED for nothing.
    if (this.nothingDue(options)) return { optimized: false, versionsRemoved: 0, bytesRemoved: 0 };
    return this.withWriteLock('optimize', async (tables) => {
      // Compaction and index builds are long native calls that free as they go: trimmed only
      // before and after them, the first ingest of 1,000,000 records still peaked at 1,006,200
      // KiB, its text index build adding 550 MB; trimmed every 2 s through them, 909,408 KiB.
      const trimming = setInterval(trimNativeMemory, NATIVE_TRIM_INTERVAL_MS);
      try {
        return await this.maintainUnderLock(tables, options);
      } finally {
        clearInterval(trimming);
        trimNativeMemory();
      }
    });
  }

  async measureLag(): Promise<IndexLag> {
    return this.retryOnMissingFiles(async () => {
      const tables = await this.readTables();
      return tables ? measureIndexLag(tables.chunks, this.lagFoldRows) : { unindexedRows: 0, foldDue: false };
    });
  }

  private async maintainUnderLock(tables: Tables, options: OptimizeOptions): Promise<MaintenanceReport> {
    crashPoint('optimize:before');
    const report: MaintenanceReport = { optimized: false, versionsRemoved: 0, bytesRemoved: 0 };
    // Asked again under the lock: the tables may have been reopened since.
    if (this.nothingDue(options)) return report;
    this.unchecked.reset();
    const rows = await tables.chunks.countRows();
    if (rows === 0) return report;
    const indices = await tables.chunks.listIndices();
    const textIndex = indices.find((index) => index.columns.includes('search_text'));
    if (!textIndex) {
      if (rows >= COLLECT_BEFORE_BUILD_ROWS) collectGarbage();
      // A first build compacts before indexing: compacting afterwards rewrites every index too
      // (half a second of SciFact's three). The appended fragments it replaces are removed at
      // once, not after the grace: no reader has read them, since every search waits for this
      // text index (a first ingest's readers are told "starts when its first ingest ends").
      // Kept 10 s, they were left on disk until the next write: 810 of 2,032 bytes per chunk
      // at 10,000 generated chunks (bench scale), 43% of the index.
      await this.compact(tables.chunks, report, new Date());
      await tables.chunks.createIndex('search_text', {
        // The terms arrive analyzed (src/analyze): LanceDB only splits them on spaces.
        config: lancedb.Index.fts({
          withPosition: false,
          baseTokenizer: 'whitespace',
          lowercase: false,
          stem: false,
          removeStopWords: false,
          asciiFolding: false,
          // LanceDB counts bytes; the analyzer already caps terms at 40 characters in any script.
          maxTokenLength: 160,
        }),
      });
    }
    if (!indices.some((index) => index.columns.includes('doc_id'))) {
      await tables.chunks.createIndex('doc_id', { config: lancedb.Index.btree() });
    }
    if (!indices.some((index) => index.columns.includes('id'))) {
      await tables.chunks.createIndex('id', { config: lancedb.Index.btree() });
    }
    if (!indices.some((index) => index.columns.includes('groups'))) {
      // Every reader but an admin filters on groups, inside the query: without an index the
      // filter scans the whole column before BM25 or the vector search starts (at 100,000
      // chunks a group-filtered BM25 query took 10.1 ms p50 against 4.4 unfiltered; with this
      // index 4.0). Rows added after it are scanned until the next fold, like the text index's.
      await tables.chunks.createIndex('groups', { config: lancedb.Index.labelList() });
    }
    if (
      this.manifest.vectorDimensions !== null &&
      !indices.some((index) => index.columns.includes('vector')) &&
      rows >= this.vectorIndexMinRows
    ) {
      await tables.chunks.createIndex('vector', { config: vectorIndexConfig() });
    }
    const spaced = Date.now() - this.lastFoldAt >= FOLD_INTERVAL_MS;
    if (textIndex && (options.full || (await foldDue(tables.chunks, textIndex.name, spaced)))) {
      await this.compact(tables.chunks, report);
      this.lastFoldAt = Date.now();
    }
    if (options.full || (await fragmentsDue(tables.documents, spaced))) {
      // A first build removes the documents' appended fragments at once too, as the chunks'
      // above: at 1,000,000 one-chunk records, 490 replaced files held 82 MB of a 1.28 GB index.
      // A reader listing documents meanwhile finds its files gone and reads again.
      await this.compact(tables.documents, report, textIndex ? undefined : new Date());
    }
    if (report.optimized || !textIndex) {
      // Prune may have removed a language's last document: queries stop analyzing for it.
      this.manifest.documentLanguages = Object.keys(await this.countDocumentLanguages(tables)).filter(
        isLanguage,
      );
    }
    this.ftsReady = true;
    await this.writeManifest();
    if (report.optimized) await this.renewConnection();
    return report;
  }

  /**
   * Asking the tables what is due costs five native calls, each queued behind running searches:
   * after a small write that cannot have made anything due, or when the fold is deferred, they
   * are not asked. A first build (no text index yet) is never skipped: every search waits for it.
   */
  private nothingDue(options: OptimizeOptions): boolean {
    return !options.full && this.ftsReady && (options.deferFold === true || !this.unchecked.due());
  }

  /**
   * Compacts, folds new rows into the indexes and removes versions past their grace, or all but
   * the latest before `cutoff` (one LanceDB call: compaction, then pruning, then indexes).
   */
  private async compact(table: lancedb.Table, report: MaintenanceReport, cutoff?: Date): Promise<void> {
    const stats = await table.optimize({ cleanupOlderThan: cutoff ?? (await graceCutoff(table)) });
    report.optimized = true;
    report.versionsRemoved += stats.prune.oldVersionsRemoved;
    report.bytesRemoved += stats.prune.bytesRemoved;
  }

  async stats(): Promise<IndexStats> {
    const tables = await this.readTables();
    return {
      documents: tables ? await tables.documents.countRows() : 0,
      chunks: tables ? await tables.chunks.countRows() : 0,
      version: tables ? await tables.chunks.version() : 0,
      bytesOnDisk: await directorySize(this.directory),
      lastIngestAt: this.manifest.lastIngestAt,
      vectorDimensions: this.manifest.vectorDimensions,
      embeddingModel: this.manifest.embeddingModel,
      language: this.language,
      documentLanguages: tables ? await this.countDocumentLanguages(tables) : {},
    };
  }

  /** Documents per analyzer language, most first. */
  private async countDocumentLanguages(tables: Tables): Promise<Record<string, number>> {
    if (this.manifest.schemaVersion === 4) {
      // Not upgraded yet (the next write does it): every document was analyzed in the one setting.
      return { [this.language]: await tables.documents.countRows() };
    }
    // One native count per language the manifest knows, instead of reading every row's language
    // into JS (0.84 s per 100,000 documents in a profiled re-ingest, twice per run); anything they
    // do not add up to (a language not recorded yet) falls back to reading the column.
    const total = await tables.documents.countRows();
    const candidates = new Set([...(this.manifest.documentLanguages ?? []), this.language]);
    const known: [string, number][] = [];
    for (const language of candidates) {
      const count = await tables.documents.countRows(`language = ${quoteSql(language)}`);
      if (count > 0) known.push([language, count]);
    }
    if (known.reduce((sum, [, count]) => sum + count, 0) === total) {
      return Object.fromEntries(known.sort((a, b) => b[1] - a[1]));
    }
    const counts = new Map<string, number>();
    const rows = await tables.documents.query().select(['language']).toArray();
    for (const row of rows as { language: unknown }[]) {
      const language = String(row.language);
      counts.set(language, (counts.get(language) ?? 0) + 1);
    }
    return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
  }

  async close(): Promise<void> {
    for (const close of [...this.retired]) close();
    this.closeTables();
    this.connection.close();
  }
}

function isWhole(
  id: string,
  records: { id: string; hash: string; chunk_count: number }[],
  chunkRows: { id: string; doc_id: string; doc_hash: string }[],
): boolean {
  const record = records.find((row) => String(row.id) === id);
  if (!record) return false;
  const chunks = chunkRows.filter((row) => String(row.doc_id) === id);
  return (
    chunks.length === Number(record.chunk_count) &&
    new Set(chunks.map((row) => String(row.id))).size === chunks.length &&
    chunks.every((row) => String(row.doc_hash) === String(record.hash))
  );
}

async function connectTo(directory: string): Promise<lancedb.Connection> {
  applyLanceMemoryDefaults();
  try {
    return await lancedb.connect(directory, {
      readConsistencyInterval: READ_CONSISTENCY_SECONDS,
      session: new lancedb.Session(INDEX_CACHE_BYTES, METADATA_CACHE_BYTES),
    });
  } catch (error) {
    throw new KnowhowError('INDEX_FAILED', `Cannot open the index at ${directory}.`, {
      cause: error,
      hint: 'Check that the folder is readable and writable, or delete it and run `knowhow ingest` again.',
    });
  }
}

/**
 * A table's folder without `_versions` is one whose creation was cut short (a first ingest killed
 * between LanceDB's two steps): LanceDB cannot open it, and nothing was ever written to it.
 */
function wasCutShort(directory: string, name: string): boolean {
  return !existsSync(path.join(directory, `${name}.lance`, '_versions'));
}

async function openTables(connection: lancedb.Connection, directory: string): Promise<Tables | null> {
  const names = await connection.tableNames();
  if (!names.includes(CHUNKS) || !names.includes(DOCUMENTS)) return null;
  // Both are created empty, chunks first, before any write: until both exist there is no index.
  if (wasCutShort(directory, CHUNKS) || wasCutShort(directory, DOCUMENTS)) return null;
  return { chunks: await connection.openTable(CHUNKS), documents: await connection.openTable(DOCUMENTS) };
}

async function readManifest(directory: string): Promise<{ manifest: Manifest | null; text: string | null }> {
  try {
    const text = await readFile(path.join(directory, MANIFEST), 'utf8');
    return { manifest: JSON.parse(text) as Manifest, text };
  } catch {
    return { manifest: null, text: null };
  }
}

/** The manifest, after giving the index folder back its old one if a crash cut a rebuild's swap. */
async function readManifestRestoring(
  directory: string,
): Promise<{ manifest: Manifest | null; text: string | null }> {
  const read = await readManifest(directory);
  if (read.text !== null || !(await restoreIndexFolder(directory))) return read;
  return readManifest(directory);
}

function freshManifest(wanted: {
  dimensions: number | null;
  model: string | null;
  language?: LanguageSetting;
}): Manifest {
  return {
    schemaVersion: SCHEMA_VERSION,
    generation: randomUUID(),
    language: wanted.language ?? 'english',
    documentLanguages: [],
    analyzerRevisions: {},
    vectorDimensions: wanted.dimensions,
    embeddingModel: wanted.model,
    lastIngestAt: null,
  };
}

/** LanceDB's error for a data, index or manifest file that is no longer on disk. */
function isMissingFileError(error: unknown): boolean {
  return error instanceof Error && /\bNot found: \S*\.lance\b/.test(error.message);
}
