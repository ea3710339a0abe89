import path from 'node:path';
import type { IngestConfig } from '../../core/config/schema.js';
import type { ErrorCode } from '../../core/error-codes.js';
import type { TextOrigin } from '../../core/text/text-origin.js';
import type { DocumentFormat, Metadata } from '../../core/types.js';

/**
 * One file or record that could not be loaded. The run reports it and goes on with the rest.
 *
 * `documentId` is set whenever the id is known, so that incremental ingest keeps the version
 * already indexed instead of pruning it because this run could not read it. When the failure
 * covers several documents (a record file that could not be read, an unreadable folder),
 * `documentId` is the path they share: see `isCoveredByFailure`.
 */
export interface IngestFailure {
  /** The file, relative to the ingest root (POSIX separators). */
  source: string;
  documentId?: string;
  /** 1-based line, where the format has lines (JSONL, invalid UTF-8, front matter). */
  line?: number;
  /** The field or key at fault (front matter key, record field). */
  field?: string;
  code: ErrorCode;
  reason: string;
  hint: string;
}

/** A loaded document before access groups are resolved and the hash is computed. */
export interface DocumentDraft {
  id: string;
  text: string;
  title: string;
  source: string;
  format: DocumentFormat;
  modifiedAt: string;
  metadata: Metadata;
  /** Groups the document names itself (front matter or record field); absent when it names none. */
  groups?: string[];
  /** Where `text` stands in the file; absent where the text is derived from it. */
  origin?: TextOrigin;
}

export type LoaderOutcome =
  | { kind: 'document'; draft: DocumentDraft }
  | { kind: 'failure'; failure: IngestFailure };

export interface LoaderInput {
  absolutePath: string;
  /** Relative to the ingest root, POSIX separators: the document id of single-document formats. */
  relativePath: string;
  /** ISO 8601 mtime of the file. */
  modifiedAt: string;
  size: number;
  config: IngestConfig;
  signal?: AbortSignal;
}

/** Turns one file into zero or more documents or failures, one at a time. */
export type Loader = (input: LoaderInput) => AsyncGenerator<LoaderOutcome>;

/** The fallback title: the file name without its extension. */
export function titleFromPath(relativePath: string): string {
  const base = path.posix.basename(relativePath);
  const extension = path.posix.extname(base);
  return extension.length > 0 && extension.length < base.length ? base.slice(0, -extension.length) : base;
}

export function failureOutcome(failure: IngestFailure): LoaderOutcome {
  return { kind: 'failure', failure };
}
