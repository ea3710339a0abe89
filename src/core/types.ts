/** Shared data shapes. Every stage speaks these; none of them knows about a concrete store or provider. */
import type { TextOrigin } from './text/text-origin.js';

export type Metadata = Record<string, string | number | boolean | null>;

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx' | 'json';

/** The group every reader has; a document readable by everyone carries exactly this group. */
export const PUBLIC_GROUP = 'public';

/** The group of keys that may ingest, read eval runs and review feedback (serve.keys). */
export const ADMIN_GROUP = 'admin';

/** The group of keys whose feedback counts as reviewed and who may review others' (serve.keys). */
export const REVIEWER_GROUP = 'reviewer';

/**
 * Groups that grant a key a role, never access to documents: a document's groups never contain
 * them, and data restricted to "admin" means nothing. Left out when an entry's groups are read
 * as the data it may contain.
 */
export const ROLE_GROUPS: readonly string[] = [ADMIN_GROUP, REVIEWER_GROUP];

/** The document groups among a key's or a case's groups: roles and `public` removed, sorted, unique. */
export function restrictedGroups(groups: readonly string[]): string[] {
  return [
    ...new Set(
      groups
        .map((group) => group.trim().toLowerCase())
        .filter((group) => group !== '' && group !== PUBLIC_GROUP && !ROLE_GROUPS.includes(group)),
    ),
  ].sort();
}

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
  /** Where `text` stands in the file `source` names; absent where the text is derived (HTML, .docx, JSON). */
  origin?: TextOrigin;
  /** sha256 (hex) over text, title, groups, metadata and origin: what decides "unchanged" on re-ingest. */
  hash: string;
}

/**
 * Where a passage stands in the file a reader can open (see TextOrigin for what the numbers
 * mean). Markdown and plain text: file offsets and lines. JSONL: the record's line. PDF: pages.
 * HTML, .docx and .json records: none, because their text is converted, not the file's own.
 */
export interface SourceLocation {
  /** Offsets into the file's text, as read (BOM and \r\n counted): the passage is file.slice(sourceStart, sourceEnd). */
  sourceStart?: number;
  sourceEnd?: number;
  /** 1-based lines of the passage's first and last character in the file. */
  line?: number;
  endLine?: number;
  /** 1-based PDF pages of the passage's first and last character. */
  page?: number;
  endPage?: number;
}

/** A passage of a document, the unit that is indexed, retrieved and cited. */
export interface Chunk extends SourceLocation {
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
  /** The language its document was analyzed in (src/analyze), when the index recorded one. */
  language?: string;
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
  /** The language it was analyzed in (`retrieve.language`, or the detected one under auto). */
  language?: string;
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

export const retrievalModes = ['bm25', 'dense', 'hybrid'] as const;

export type RetrievalMode = (typeof retrievalModes)[number];

export interface SearchHit {
  chunk: Chunk;
  /** Higher is better; comparable only within one result list. */
  score: number;
  /** 1-based. */
  rank: number;
}

/** `start`/`end` index the document text; SourceLocation places the passage in the file itself. */
export interface Citation extends SourceLocation {
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
