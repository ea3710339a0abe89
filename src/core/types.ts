/** Shared data shapes. Every stage speaks these; none of them knows about a concrete store or provider. */

export type Metadata = Record<string, string | number | boolean | null>;

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx' | 'json';

/** The group every reader has; a document readable by everyone carries exactly this group. */
export const PUBLIC_GROUP = 'public';

/** A document after loading and before chunking. `text` is what chunk offsets point into. */
export interface SourceDocument {
  /** Stable id: the path relative to the ingest root (POSIX separators) or a record key. */
  id: string;
  text: string;
  title: string;
  /** Where it came from: the file path as given (for records: `file.jsonl#key`). */
  source: string;
  format: DocumentFormat;
  /** ISO 8601. */
  modifiedAt: string;
  /** Groups allowed to read it. `[PUBLIC_GROUP]` when unrestricted. Never empty. */
  groups: string[];
  metadata: Metadata;
  /** sha256 (hex) over text, title, groups and metadata: what decides "unchanged" on re-ingest. */
  hash: string;
}

/** A passage of a document, the unit that is indexed, retrieved and cited. */
export interface Chunk {
  /** `${documentId}#${index}`: deterministic, so re-writing a document replaces rather than duplicates. */
  id: string;
  documentId: string;
  documentHash: string;
  index: number;
  text: string;
  /** Document title (kept on the chunk so citations need no second lookup). */
  title: string;
  /** Headings above this passage, outermost first. */
  headingPath: string[];
  /** Character offsets into SourceDocument.text: text === document.text.slice(start, end). */
  start: number;
  end: number;
  source: string;
  groups: string[];
  tokens: number;
  /** sha256 of `text`: the embedding cache key. */
  hash: string;
  metadata: Metadata;
}

/** The document-level row of the index: what incremental ingest compares against. */
export interface DocumentRecord {
  id: string;
  hash: string;
  title: string;
  source: string;
  format: DocumentFormat;
  modifiedAt: string;
  groups: string[];
  chunkCount: number;
  /** ISO 8601 time this version was written. */
  ingestedAt: string;
  /** Where it came from: `files:<ingest root relative to the project>` or `api`; '' or absent when unknown (older indexes). */
  origin?: string;
}

/**
 * Who is reading. `all` is the local operator (CLI without --as); otherwise the reader sees
 * public chunks plus those of its groups. Access is enforced inside the index query.
 */
export type Reader = { kind: 'all' } | { kind: 'groups'; groups: string[] };

export const EVERYONE: Reader = { kind: 'all' };
export const PUBLIC_READER: Reader = { kind: 'groups', groups: [PUBLIC_GROUP] };

export type RetrievalMode = 'bm25' | 'dense' | 'hybrid';

export interface SearchHit {
  chunk: Chunk;
  /** Higher is better; comparable only within one result list. */
  score: number;
  /** 1-based. */
  rank: number;
}

export interface Citation {
  /** The n of [n] in the answer. */
  marker: number;
  chunkId: string;
  documentId: string;
  title: string;
  headingPath: string[];
  source: string;
  start: number;
  end: number;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The reader for a list of groups; no list means the local operator, an empty list a public reader. */
export function readerForGroups(groups: string[] | undefined): Reader {
  return groups === undefined ? EVERYONE : { kind: 'groups', groups };
}
