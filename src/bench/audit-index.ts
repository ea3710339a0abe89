import * as lancedb from '@lancedb/lancedb';
import type { IngestConfig } from '../core/config/schema.js';
import type { Chunk, SourceDocument } from '../core/types.js';
import { loadDocuments } from '../ingest/load-documents.js';

/**
 * Compares an index with the files it was built from, reading LanceDB's tables directly (not
 * through the store, which would repair what it finds): the ground truth for the concurrency
 * and crash benchmarks and their tests.
 */

export interface IndexAudit {
  documents: number;
  chunks: number;
  /** Rows whose id another row already has (documents and chunks). */
  duplicates: number;
  /** Indexed documents, or chunks, whose file is gone: still searchable after a prune. */
  ghosts: string[];
  /** Files on disk the index lacks, or holds an old or incomplete version of. */
  lost: string[];
}

export interface AuditOptions {
  indexDirectory: string;
  /** The folder ingested; ids are relative to it. */
  documentsDirectory: string;
  ingest: IngestConfig;
  /** The workspace's chunker (the one ingest used). */
  chunk: (document: SourceDocument) => Chunk[];
}

export async function auditIndex(options: AuditOptions): Promise<IndexAudit> {
  const expected = new Map<string, { hash: string; chunks: number }>();
  for await (const outcome of loadDocuments({
    paths: [options.documentsDirectory],
    root: options.documentsDirectory,
    config: options.ingest,
  })) {
    if (outcome.kind !== 'document') continue;
    expected.set(outcome.document.id, {
      hash: outcome.document.hash,
      chunks: options.chunk(outcome.document).length,
    });
  }
  const connection = await lancedb.connect(options.indexDirectory);
  try {
    const names = await connection.tableNames();
    if (!names.includes('chunks') || !names.includes('documents')) {
      return { documents: 0, chunks: 0, duplicates: 0, ghosts: [], lost: [...expected.keys()] };
    }
    const documents = (await (
      await connection.openTable('documents')
    )
      .query()
      .select(['id', 'hash', 'chunk_count'])
      .toArray()) as { id: string; hash: string; chunk_count: number }[];
    const chunks = (await (
      await connection.openTable('chunks')
    )
      .query()
      .select(['id', 'doc_id', 'doc_hash'])
      .toArray()) as { id: string; doc_id: string; doc_hash: string }[];
    const duplicates =
      documents.length -
      new Set(documents.map((row) => String(row.id))).size +
      chunks.length -
      new Set(chunks.map((row) => String(row.id))).size;
    const byDocument = new Map<string, { id: string; doc_hash: string }[]>();
    for (const chunk of chunks) {
      const list = byDocument.get(String(chunk.doc_id)) ?? [];
      list.push(chunk);
      byDocument.set(String(chunk.doc_id), list);
    }
    const records = new Map(documents.map((row) => [String(row.id), row]));
    const ghosts = [...new Set([...records.keys(), ...byDocument.keys()])].filter((id) => !expected.has(id));
    const lost = [...expected].flatMap(([id, want]) => {
      const record = records.get(id);
      const own = byDocument.get(id) ?? [];
      const whole =
        record !== undefined &&
        String(record.hash) === want.hash &&
        Number(record.chunk_count) === want.chunks &&
        own.length === want.chunks &&
        own.every((chunk) => String(chunk.doc_hash) === want.hash);
      return whole ? [] : [id];
    });
    return { documents: documents.length, chunks: chunks.length, duplicates, ghosts, lost };
  } finally {
    connection.close();
  }
}
