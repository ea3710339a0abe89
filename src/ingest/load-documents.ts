import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IngestConfig } from '../core/config/schema.js';
import { hashParts } from '../core/text/hash.js';
import type { Metadata, SourceDocument } from '../core/types.js';
import { describeFileError } from './loaders/file-errors.js';
import type { DocumentDraft, IngestFailure } from './loaders/loader.js';
import { SUPPORTED_EXTENSIONS, selectLoader } from './loaders/select-loader.js';
import { createGroupResolver, type GroupResolver } from './resolve-groups.js';
import { walkFiles } from './walk-files.js';

export type { IngestFailure } from './loaders/loader.js';

export type LoadOutcome =
  | {
      kind: 'document';
      document: SourceDocument;
      /** The folder its id is relative to (see walkFiles). */
      home: string;
      /** The file it came from, relative to `home` (a record's `source` names the record). */
      file: string;
    }
  | { kind: 'failure'; failure: IngestFailure }
  /** A file `skipFile` vouched for: not read, its indexed documents stand as they are. */
  | { kind: 'unchanged-file'; source: string };

export interface LoadDocumentsOptions {
  /** Files and folders, absolute or relative to `root`. */
  paths: string[];
  /** Document ids are paths relative to this folder (or to the anchor holding the file). */
  root: string;
  /** Folders that anchor ids wherever the walk starts (walkFiles). */
  anchors?: string[];
  config: IngestConfig;
  /** The CLI's --groups: for documents that name no groups and match no access rule. */
  defaultGroups?: string[];
  /** Asked before a file is read; true skips it (incremental ingest's unchanged files). */
  skipFile?: (file: { source: string; absolutePath: string }) => Promise<boolean>;
  signal?: AbortSignal;
}

/**
 * Walks the paths and loads every supported file into documents, one at a time, so that memory
 * holds one document (or one record) rather than the corpus. Bad input becomes a failure outcome
 * and the walk goes on; only cancellation throws.
 */
export async function* loadDocuments(options: LoadDocumentsOptions): AsyncGenerator<LoadOutcome> {
  const { config, signal } = options;
  const root = path.resolve(options.root);
  const resolveGroups = createGroupResolver({
    rules: config.access,
    ...(options.defaultGroups === undefined ? {} : { defaultGroups: options.defaultGroups }),
  });
  const walk = walkFiles({
    paths: options.paths,
    root,
    ...(options.anchors ? { anchors: options.anchors } : {}),
    include: config.include,
    exclude: config.exclude,
  });
  for await (const entry of walk) {
    signal?.throwIfAborted();
    if (entry.kind === 'failure') {
      yield {
        kind: 'failure',
        failure: {
          source: entry.relativePath,
          documentId: entry.relativePath,
          code: entry.code,
          reason: entry.reason,
          hint: entry.hint,
        },
      };
      continue;
    }
    const source = entry.relativePath;
    const loader = selectLoader(source);
    if (loader === null) {
      yield {
        kind: 'failure',
        failure: {
          source,
          code: 'INPUT_INVALID',
          reason: `unsupported file type "${path.extname(source) || '(no extension)'}"`,
          hint: `Supported: ${SUPPORTED_EXTENSIONS.join(' ')}. Convert the file, or leave it out of the paths given.`,
        },
      };
      continue;
    }
    let size: number;
    let modifiedAt: string;
    try {
      const stats = await stat(entry.absolutePath);
      size = stats.size;
      modifiedAt = stats.mtime.toISOString();
    } catch (error) {
      yield { kind: 'failure', failure: { source, documentId: source, ...describeFileError(error) } };
      continue;
    }
    if (size > config.maxFileBytes && !loader.streams) {
      yield {
        kind: 'failure',
        failure: {
          source,
          documentId: source,
          code: 'INPUT_TOO_LARGE',
          reason: `the file is ${formatBytes(size)}, over the ${formatBytes(config.maxFileBytes)} limit`,
          hint: `Raise ingest.maxFileBytes in knowhow.yaml (now ${config.maxFileBytes}) or split the file.`,
        },
      };
      continue;
    }
    if (size === 0) {
      yield {
        kind: 'failure',
        failure: {
          source,
          documentId: source,
          code: 'INPUT_INVALID',
          reason: 'the file is empty',
          hint: 'Add content to the file, delete it, or add it to ingest.exclude in knowhow.yaml.',
        },
      };
      continue;
    }
    if (options.skipFile && (await options.skipFile({ source, absolutePath: entry.absolutePath }))) {
      yield { kind: 'unchanged-file', source };
      continue;
    }
    const outcomes = loader.load({
      absolutePath: entry.absolutePath,
      relativePath: source,
      modifiedAt,
      size,
      config,
      ...(signal === undefined ? {} : { signal }),
    });
    for await (const outcome of outcomes) {
      if (outcome.kind === 'failure') yield outcome;
      else
        yield {
          kind: 'document',
          document: finishDocument(outcome.draft, source, resolveGroups),
          home: entry.home,
          file: source,
        };
    }
  }
}

/** Resolves access groups and computes the hash that decides "unchanged" on re-ingest. */
function finishDocument(
  draft: DocumentDraft,
  filePath: string,
  resolveGroups: GroupResolver,
): SourceDocument {
  const groups = resolveGroups({
    id: draft.id,
    path: filePath,
    ...(draft.groups === undefined ? {} : { groups: draft.groups }),
  });
  const metadata = sortMetadata(draft.metadata);
  return {
    id: draft.id,
    text: draft.text,
    title: draft.title,
    source: draft.source,
    format: draft.format,
    modifiedAt: draft.modifiedAt,
    groups,
    metadata,
    ...(draft.origin === undefined ? {} : { origin: draft.origin }),
    // The origin is hashed too: a front matter that grows a line, or a file checked out with other
    // line endings, moves every passage, and unchanged-looking text would keep stale locations.
    hash: hashParts(
      draft.text,
      draft.title,
      groups.join(','),
      JSON.stringify(metadata),
      ...(draft.origin === undefined ? [] : [JSON.stringify(draft.origin)]),
    ),
  };
}

function sortMetadata(metadata: Metadata): Metadata {
  const sorted: Metadata = {};
  for (const key of Object.keys(metadata).sort()) sorted[key] = metadata[key] ?? null;
  return sorted;
}

/**
 * Whether a failure stands for an already indexed document, which incremental ingest must then
 * keep. A failure may cover several documents: a record file that could not be read covers
 * `${path}#…`, an unreadable folder covers `${path}/…`, and `.` (the root) covers everything.
 */
export function isCoveredByFailure(documentId: string, failure: IngestFailure): boolean {
  const covered = failure.documentId;
  if (covered === undefined) return false;
  return (
    covered === '.' ||
    documentId === covered ||
    documentId.startsWith(`${covered}#`) ||
    documentId.startsWith(`${covered}/`)
  );
}

/** One line for logs and reports: `docs/a.jsonl line 7 (field "id"): reason. hint` */
export function describeFailure(failure: IngestFailure): string {
  const where = [
    failure.source,
    failure.line === undefined ? '' : ` line ${failure.line}`,
    failure.field === undefined ? '' : ` (field "${failure.field}")`,
  ].join('');
  return `${where}: ${failure.reason}. ${failure.hint}`;
}

function formatBytes(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  if (mebibytes >= 1)
    return `${Number.isInteger(mebibytes) ? mebibytes : mebibytes.toFixed(1)} MiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}
