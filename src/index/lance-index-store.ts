import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { type DataType, Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from 'apache-arrow';
import { KnowhowError } from '../core/errors.js';
import type { DocumentWrite, IndexStats, IndexStore, SearchOptions } from '../core/index-store.js';
import {
  analyzeSearchTerms,
  analyzeSearchText,
  type SearchLanguage,
} from '../core/text/analyze-search-text.js';
import { cleanHeading } from '../core/text/clean-heading.js';
import type { Chunk, DocumentFormat, DocumentRecord, Metadata, Reader, SearchHit } from '../core/types.js';
import { IngestJournal } from './ingest-journal.js';
import { readableGroups } from './readable-groups.js';
import { quoteSql, sqlList } from './sql-literals.js';

const CHUNKS = 'chunks';
const DOCUMENTS = 'documents';
const MANIFEST = 'knowhow-index.json';
/** v3: `search_text` holds analyzed terms (see core/text/analyze-search-text.ts), not raw text. */
const SCHEMA_VERSION = 3;

export interface LanceIndexStoreOptions {
  /** Folder of the LanceDB database (default `.knowhow/index`). */
  directory: string;
  /** Dimensions of the vector column; null when no embedding model is configured. */
  vectorDimensions?: number | null;
  /** Identifies the embedding model; a different one on an existing index is an error, not silent garbage. */
  embeddingModel?: string | null;
  /** How BM25 terms are analyzed (`retrieve.language`); fixed when the index is built. Default english. */
  language?: SearchLanguage;
}

interface Manifest {
  schemaVersion: number;
  /** Absent in manifests written before the setting existed: those were built as english. */
  language?: SearchLanguage;
  vectorDimensions: number | null;
  embeddingModel: string | null;
  lastIngestAt: string | null;
}

/**
 * What reads select. Every field a Chunk needs besides id and text is packed into one JSON
 * `payload` column: LanceDB's cost per query grows with each column it takes (14 columns
 * took twice as long as 3 on SciFact). The real columns stay for filtering and maintenance.
 */
const chunkColumns = ['id', 'text', 'payload'];

interface ChunkPayload {
  documentId: string;
  documentHash: string;
  index: number;
  title: string;
  headingPath: string[];
  start: number;
  end: number;
  source: string;
  groups: string[];
  tokens: number;
  hash: string;
  metadata: Metadata;
}

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
]);

/** Predicate that lets a reader see public chunks and its own groups' chunks; enforced inside the query. */
export function accessPredicate(reader: Reader): string | undefined {
  const groups = readableGroups(reader);
  return groups === null ? undefined : `array_has_any(groups, [${sqlList(groups)}])`;
}

/**
 * What BM25 reads for a chunk: the title and heading path give a passage the context its words
 * lack, each once — a Markdown section's own heading is already its first line, and the title is
 * usually the first heading, so repeating them would triple their term counts.
 */
export function searchableText(chunk: Chunk): string {
  const newline = chunk.text.indexOf('\n');
  const firstLine = cleanHeading(
    (newline === -1 ? chunk.text : chunk.text.slice(0, newline)).replace(/^#+\s*/, ''),
  );
  const context = [...new Set([chunk.title, ...chunk.headingPath])].filter(
    (heading) => heading !== '' && heading !== firstLine,
  );
  return [...context, chunk.text].join('\n');
}

/**
 * BM25 query text: the analyzer's terms, so that queries meet documents, and nothing that
 * LanceDB's query parser could read as syntax. Capped: a pasted page is not a better query.
 */
export function searchQueryText(query: string, language: SearchLanguage = 'english'): string {
  return analyzeSearchTerms(query.slice(0, 8000), language).slice(0, 256).join(' ');
}

function combine(...predicates: (string | undefined)[]): string | undefined {
  const present = predicates.filter((predicate): predicate is string => Boolean(predicate));
  if (present.length === 0) return undefined;
  return present.map((predicate) => `(${predicate})`).join(' AND ');
}

function toChunk(row: Record<string, unknown>): Chunk {
  return chunkFromPayload(String(row.id), String(row.text), String(row.payload));
}

function chunkFromPayload(id: string, text: string, payload: string): Chunk {
  const fields = JSON.parse(payload) as ChunkPayload;
  return { id, text, ...fields };
}

function toStringArray(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const iterable = value as { toArray?: () => unknown[] };
  if (typeof iterable.toArray === 'function') return iterable.toArray().map(String);
  return [];
}

/** Chunks from an Arrow result, column by column (per-row proxies are slow for wide rows). */
function chunksFromArrow(
  table: import('apache-arrow').Table,
): { chunk: Chunk; score: number; distance: number }[] {
  const ids = table.getChild('id');
  const texts = table.getChild('text');
  const payloads = table.getChild('payload');
  const scores = table.getChild('_score');
  const distances = table.getChild('_distance');
  const out: { chunk: Chunk; score: number; distance: number }[] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push({
      chunk: chunkFromPayload(String(ids?.get(i)), String(texts?.get(i)), String(payloads?.get(i))),
      score: Number(scores?.get(i) ?? 0),
      distance: Number(distances?.get(i) ?? 0),
    });
  }
  return out;
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
 * The default IndexStore: LanceDB, embedded, on local disk. Two tables — `chunks` (BM25 index
 * on `search_text`, optional vector column, access groups as a filterable list) and
 * `documents` (what incremental ingest compares against).
 */
export class LanceIndexStore implements IndexStore {
  readonly kind = 'lancedb';
  private readonly journal: IngestJournal;
  private suspects = new Set<string>();
  private ftsReady = false;

  private constructor(
    private readonly directory: string,
    private readonly connection: lancedb.Connection,
    private readonly chunks: lancedb.Table,
    private readonly documents: lancedb.Table,
    private manifest: Manifest,
  ) {
    this.journal = new IngestJournal(directory);
  }

  /** The analyzer this index was built with; queries and snippets must use the same. */
  get language(): SearchLanguage {
    return this.manifest.language ?? 'english';
  }

  static async open(options: LanceIndexStoreOptions): Promise<LanceIndexStore> {
    const directory = path.resolve(options.directory);
    await mkdir(directory, { recursive: true });
    const manifestFile = path.join(directory, MANIFEST);
    let manifest: Manifest | null = null;
    try {
      manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    } catch {
      manifest = null;
    }
    const wantedDimensions = options.vectorDimensions ?? null;
    const wantedModel = options.embeddingModel ?? null;
    let connection: lancedb.Connection;
    try {
      connection = await lancedb.connect(directory);
    } catch (error) {
      throw new KnowhowError('INDEX_FAILED', `Cannot open the index at ${directory}.`, {
        cause: error,
        hint: 'Check that the folder is readable and writable, or delete it and run `knowhow ingest` again.',
      });
    }
    const names = await connection.tableNames();
    const hasTables = names.includes(CHUNKS) && names.includes(DOCUMENTS);
    if (manifest && hasTables) {
      if (manifest.schemaVersion !== SCHEMA_VERSION) {
        throw new KnowhowError(
          'INDEX_INCOMPATIBLE',
          `The index at ${directory} has schema v${manifest.schemaVersion}; this knowhow reads v${SCHEMA_VERSION}.`,
          {
            hint: 'Rebuild it from your sources: `knowhow ingest --rebuild <paths>`.',
          },
        );
      }
      if (wantedDimensions !== null && manifest.vectorDimensions !== wantedDimensions) {
        throw new KnowhowError(
          'INDEX_INCOMPATIBLE',
          `The index was built ${manifest.embeddingModel ? `with embedding model ${manifest.embeddingModel} (${manifest.vectorDimensions} dimensions)` : 'without embeddings'}, but the configured embedding model ${wantedModel ?? ''} has ${wantedDimensions}.`,
          { hint: 'Rebuild the index with `knowhow ingest --rebuild <paths>` after changing models.embed.' },
        );
      }
      if (
        wantedModel !== null &&
        manifest.embeddingModel !== null &&
        manifest.embeddingModel !== wantedModel
      ) {
        throw new KnowhowError(
          'INDEX_INCOMPATIBLE',
          `The index was embedded with ${manifest.embeddingModel}, but models.embed is now ${wantedModel}.`,
          { hint: 'Vectors of different models are not comparable: run `knowhow ingest --rebuild <paths>`.' },
        );
      }
      const built = manifest.language ?? 'english';
      if (options.language !== undefined && options.language !== built) {
        throw new KnowhowError(
          'INDEX_INCOMPATIBLE',
          `The index was built with retrieve.language: ${built}, but knowhow.yaml now says ${options.language}.`,
          {
            hint: 'Words are analyzed when they are indexed: run `knowhow ingest --rebuild <paths>`, or set the language back.',
          },
        );
      }
    } else {
      manifest = {
        schemaVersion: SCHEMA_VERSION,
        language: options.language ?? 'english',
        vectorDimensions: wantedDimensions,
        embeddingModel: wantedModel,
        lastIngestAt: null,
      };
    }
    const chunks = names.includes(CHUNKS)
      ? await connection.openTable(CHUNKS)
      : await connection.createEmptyTable(CHUNKS, chunkSchema(manifest.vectorDimensions), { existOk: true });
    const documents = names.includes(DOCUMENTS)
      ? await connection.openTable(DOCUMENTS)
      : await connection.createEmptyTable(DOCUMENTS, documentSchema, { existOk: true });
    const store = new LanceIndexStore(directory, connection, chunks, documents, manifest);
    await store.writeManifest();
    store.suspects = await store.journal.read();
    store.ftsReady = (await chunks.listIndices()).some((index) => index.columns.includes('search_text'));
    return store;
  }

  /** Drops every table: `knowhow ingest --rebuild`. */
  static async destroy(directory: string): Promise<void> {
    const { rm } = await import('node:fs/promises');
    await rm(directory, { recursive: true, force: true });
  }

  private async writeManifest(): Promise<void> {
    await writeFile(path.join(this.directory, MANIFEST), `${JSON.stringify(this.manifest, null, 2)}\n`);
  }

  /** Documents whose last write may not have completed (from the journal); the next ingest rewrites them. */
  pendingDocumentIds(): Set<string> {
    return new Set(this.suspects);
  }

  async listDocuments(): Promise<Map<string, DocumentRecord>> {
    const rows = await this.documents.query().toArray();
    const map = new Map<string, DocumentRecord>();
    for (const row of rows) {
      const record = toDocumentRecord(row as Record<string, unknown>);
      // A document caught mid-write is reported with an impossible hash so that it is always rewritten.
      map.set(
        record.id,
        this.suspects.has(record.id) ? { ...record, hash: `pending:${record.hash}` } : record,
      );
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
    const existing = await this.existingIds(ids);
    await this.journal.begin(ids);
    try {
      const rows = writes.flatMap((write) => this.toChunkRows(write));
      const replacing = ids.filter((id) => existing.has(id) || this.suspects.has(id));
      if (replacing.length === 0) {
        if (rows.length > 0) await this.chunks.add(rows);
      } else if (rows.length === 0) {
        await this.chunks.delete(`doc_id IN (${sqlList(replacing)})`);
      } else {
        // One commit: new and changed chunks upserted, chunks the new versions no longer have deleted.
        await this.chunks
          .mergeInsert('id')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .whenNotMatchedBySourceDelete({ where: `doc_id IN (${sqlList(replacing)})` })
          .execute(rows);
      }
      const documentRows = writes.map((write) => ({
        id: write.document.id,
        hash: write.document.hash,
        title: write.document.title,
        source: write.document.source,
        format: write.document.format,
        modified_at: write.document.modifiedAt,
        groups: write.document.groups,
        chunk_count: write.chunks.length,
        ingested_at: write.document.ingestedAt,
      }));
      if (existing.size === 0 && !ids.some((id) => this.suspects.has(id))) {
        await this.documents.add(documentRows);
      } else {
        await this.documents
          .mergeInsert('id')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .execute(documentRows);
      }
      await this.journal.commit();
      for (const id of ids) this.suspects.delete(id);
      this.manifest.lastIngestAt = new Date().toISOString();
    } catch (error) {
      throw new KnowhowError('INDEX_FAILED', `Writing ${ids.length} document(s) to the index failed.`, {
        cause: error,
        hint: 'Nothing was half-written: the index is at its previous version for these documents. Re-run `knowhow ingest`.',
        details: { documents: ids.slice(0, 10) },
      });
    }
  }

  private async existingIds(ids: string[]): Promise<Set<string>> {
    if ((await this.documents.countRows()) === 0) return new Set();
    const rows = await this.documents
      .query()
      .where(`id IN (${sqlList(ids)})`)
      .select(['id'])
      .toArray();
    return new Set(rows.map((row) => String((row as { id: unknown }).id)));
  }

  private toChunkRows(write: DocumentWrite): Record<string, unknown>[] {
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
        search_text: analyzeSearchText(searchableText(chunk), this.language),
        title: chunk.title,
        heading_path: chunk.headingPath,
        start: chunk.start,
        end: chunk.end,
        source: chunk.source,
        groups: chunk.groups,
        tokens: chunk.tokens,
        hash: chunk.hash,
        metadata: JSON.stringify(chunk.metadata),
        payload: JSON.stringify({
          documentId: chunk.documentId,
          documentHash: chunk.documentHash,
          index: chunk.index,
          title: chunk.title,
          headingPath: chunk.headingPath,
          start: chunk.start,
          end: chunk.end,
          source: chunk.source,
          groups: chunk.groups,
          tokens: chunk.tokens,
          hash: chunk.hash,
          metadata: chunk.metadata,
        } satisfies ChunkPayload),
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
        row.vector = Array.from(vector);
      }
      return row;
    });
  }

  async deleteDocuments(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      // Chunks first: a crash in between leaves a document record without chunks, which the next prune removes.
      await this.chunks.delete(`doc_id IN (${sqlList(slice)})`);
      await this.documents.delete(`id IN (${sqlList(slice)})`);
    }
  }

  async searchText(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const text = searchQueryText(query, this.language);
    if (!text) return [];
    if (!this.ftsReady) {
      if ((await this.chunks.countRows()) === 0) return [];
      await this.optimize();
    }
    let search = this.chunks.search(text, 'fts', 'search_text').select(chunkColumns).limit(options.k);
    const where = combine(accessPredicate(options.reader), options.where);
    if (where) search = search.where(where);
    return chunksFromArrow(await search.toArrow()).map((row, i) => ({
      chunk: row.chunk,
      score: row.score,
      rank: i + 1,
    }));
  }

  async searchVector(vector: Float32Array | number[], options: SearchOptions): Promise<SearchHit[]> {
    if (this.manifest.vectorDimensions === null) {
      throw new KnowhowError(
        'INDEX_INCOMPATIBLE',
        'This index has no vectors: dense retrieval needs an embedding model.',
        {
          hint: 'Configure models.embed in knowhow.yaml and run `knowhow ingest --rebuild <paths>`, or use retrieve.mode: bm25.',
        },
      );
    }
    let search = this.chunks
      .vectorSearch(Array.from(vector))
      .column('vector')
      .distanceType('cosine')
      .select(chunkColumns)
      .limit(options.k);
    const where = combine(accessPredicate(options.reader), options.where);
    if (where) search = search.where(where);
    const rows = (await search.toArray()) as Record<string, unknown>[];
    return rows.map((row, i) => ({
      chunk: toChunk(row),
      score: 1 - Number(row._distance ?? 0),
      rank: i + 1,
    }));
  }

  async getChunks(ids: string[]): Promise<Chunk[]> {
    if (ids.length === 0) return [];
    const rows = (await this.chunks
      .query()
      .where(`id IN (${sqlList(ids)})`)
      .select(chunkColumns)
      .toArray()) as Record<string, unknown>[];
    const byId = new Map(rows.map((row) => [String(row.id), toChunk(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async getDocumentChunks(documentId: string): Promise<Chunk[]> {
    const rows = (await this.chunks
      .query()
      .where(`doc_id = ${quoteSql(documentId)}`)
      .select(chunkColumns)
      .toArray()) as Record<string, unknown>[];
    return rows.map(toChunk).sort((a, b) => a.index - b.index);
  }

  async getVectorsByHash(hashes: string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    if (this.manifest.vectorDimensions === null || hashes.length === 0) return found;
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = (await this.chunks
        .query()
        .where(`hash IN (${sqlList(hashes.slice(i, i + 500))}) AND vector IS NOT NULL`)
        .select(['hash', 'vector'])
        .toArray()) as { hash: string; vector: Iterable<number> }[];
      for (const row of rows) found.set(String(row.hash), Array.from(row.vector));
    }
    return found;
  }

  async optimize(): Promise<void> {
    const indices = await this.chunks.listIndices();
    const rows = await this.chunks.countRows();
    if (rows === 0) return;
    const cleanupOlderThan = new Date(Date.now() - 24 * 3600 * 1000);
    const building = !indices.some((index) => index.columns.includes('search_text'));
    if (building) {
      // A first build compacts before indexing: compacting afterwards rewrites every index too
      // (half a second of SciFact's three).
      await this.chunks.optimize({ cleanupOlderThan });
      await this.chunks.createIndex('search_text', {
        // The terms arrive analyzed (core/text/analyze-search-text.ts): LanceDB only splits them on spaces.
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
      await this.chunks.createIndex('doc_id', { config: lancedb.Index.btree() });
    }
    if (!indices.some((index) => index.columns.includes('id'))) {
      await this.chunks.createIndex('id', { config: lancedb.Index.btree() });
    }
    // Folds unindexed rows into the indexes and drops versions older than a day (kept for `restore`).
    if (!building) await this.chunks.optimize({ cleanupOlderThan });
    await this.documents.optimize({ cleanupOlderThan });
    this.ftsReady = true;
    await this.writeManifest();
  }

  async stats(): Promise<IndexStats> {
    return {
      documents: await this.documents.countRows(),
      chunks: await this.chunks.countRows(),
      version: await this.chunks.version(),
      bytesOnDisk: await directorySize(this.directory),
      lastIngestAt: this.manifest.lastIngestAt,
      vectorDimensions: this.manifest.vectorDimensions,
      embeddingModel: this.manifest.embeddingModel,
      language: this.language,
    };
  }

  async close(): Promise<void> {
    await this.writeManifest();
    this.chunks.close();
    this.documents.close();
    this.connection.close();
  }
}
