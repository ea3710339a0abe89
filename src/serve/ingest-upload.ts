import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { IngestConfig } from '../core/config/schema.js';
import { httpStatusFor } from '../core/error-codes.js';
import { KnowhowError, toKnowhowError } from '../core/errors.js';
import { type IngestSummary, runIngest } from '../ingest/index.js';
import { fieldError, scrubPaths } from './error-response.js';
import { parseRequest } from './parse-request.js';
import { readBody } from './read-body.js';
import type { ServeRuntime } from './serve-runtime.js';
import { toUploadPath } from './upload-path.js';

const API_LOCK_WAIT_SECONDS = 5;

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const reservedFields = new Set(['id', 'text', 'title', 'groups']);

export const recordsRequestSchema = z.strictObject({
  records: z
    .array(
      z.strictObject({
        id: z.union([z.string().min(1).max(500), z.number().int()]),
        text: z.string().min(1),
        title: z.string().max(1000).optional(),
        groups: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
        metadata: z
          .record(z.string().min(1).max(100), metadataValue)
          .refine((value) => Object.keys(value).every((key) => !reservedFields.has(key)), {
            message: 'metadata may not use the names id, text, title or groups',
          })
          .optional(),
      }),
    )
    .min(1)
    .max(100_000),
  /** Access groups for records that name none. */
  groups: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  /** The records' file name: document ids are `<file>#<id>`, as for a JSONL file given to the CLI. */
  file: z
    .string()
    .regex(/^[\w.-]+$/, 'use letters, digits, _ . - only')
    .max(200)
    .optional(),
});

interface StagedFile {
  relativePath: string;
  bytes: Uint8Array;
}

interface StagedUpload {
  files: StagedFile[];
  config: IngestConfig;
  defaultGroups?: string[];
}

export interface IngestResponse extends IngestSummary {
  object: 'ingest.summary';
}

function splitGroups(value: string): string[] {
  return value
    .split(',')
    .map((group) => group.trim())
    .filter(Boolean);
}

async function stageMultipart(
  request: Request,
  bytes: Uint8Array,
  config: IngestConfig,
): Promise<StagedUpload> {
  let form: FormData;
  try {
    form = await new Request(request.url, {
      method: 'POST',
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      body: bytes,
    }).formData();
  } catch {
    throw new KnowhowError('INPUT_INVALID', 'The multipart/form-data body could not be parsed.', {
      hint: 'Send files in a "files" field of a well-formed multipart/form-data body.',
    });
  }
  const entries = [...form.getAll('files'), ...form.getAll('file')];
  const files: StagedFile[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const param = `files[${index}]`;
    if (typeof entry === 'string') {
      throw fieldError(
        'INPUT_INVALID',
        param,
        `${param} is a text field, not a file.`,
        'Attach files with a file name.',
      );
    }
    const relativePath = toUploadPath(entry.name, param);
    if (seen.has(relativePath.toLowerCase())) {
      throw fieldError(
        'INPUT_INVALID',
        param,
        `Two uploaded files are named "${relativePath}".`,
        'Give every uploaded file a unique relative path: it becomes the document id.',
      );
    }
    seen.add(relativePath.toLowerCase());
    files.push({ relativePath, bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  if (files.length === 0) {
    throw fieldError(
      'INPUT_INVALID',
      'files',
      'The upload holds no files.',
      'Attach files in the "files" field.',
    );
  }
  const groups = form.get('groups');
  const defaultGroups = typeof groups === 'string' ? splitGroups(groups) : [];
  return { files, config, ...(defaultGroups.length > 0 ? { defaultGroups } : {}) };
}

function stageRecords(body: unknown, config: IngestConfig): StagedUpload {
  const request = parseRequest(recordsRequestSchema, body, 'ingest');
  const file = request.file ?? 'records.jsonl';
  const name = /\.(jsonl|ndjson)$/i.test(file) ? file : `${file}.jsonl`;
  const metadataNames = new Set<string>();
  const lines = request.records.map((record) => {
    for (const key of Object.keys(record.metadata ?? {})) metadataNames.add(key);
    return JSON.stringify({
      ...record.metadata,
      id: record.id,
      text: record.text,
      ...(record.title === undefined ? {} : { title: record.title }),
      ...(record.groups === undefined ? {} : { groups: record.groups }),
    });
  });
  return {
    files: [{ relativePath: name, bytes: new TextEncoder().encode(`${lines.join('\n')}\n`) }],
    // The API's record shape is fixed; the workspace's ingest.json field names apply to uploaded files.
    config: {
      ...config,
      json: { id: 'id', text: 'text', title: 'title', groups: 'groups', metadata: [...metadataNames].sort() },
    },
    ...(request.groups ? { defaultGroups: request.groups } : {}),
  };
}

/**
 * POST /v1/ingest: files (multipart, field `files`) or JSON records, through the same loaders,
 * validation and incremental rules as `knowhow ingest`. Names are checked before anything is
 * written; the index is written per batch atomically; the API never prunes.
 */
export async function ingestUpload(
  request: Request,
  runtime: ServeRuntime,
  signal: AbortSignal,
): Promise<{ status: number; body: unknown }> {
  const contentType = request.headers.get('content-type') ?? '';
  const bytes = await readBody(request, runtime.maxBodyBytes);
  let staged: StagedUpload;
  if (/^multipart\/form-data/i.test(contentType)) {
    staged = await stageMultipart(request, bytes, runtime.config.ingest);
  } else {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      throw new KnowhowError(
        'INPUT_INVALID',
        `The ingest body is neither multipart/form-data nor valid JSON${error instanceof SyntaxError ? `: ${error.message}` : ''}.`,
        { hint: 'Upload files as multipart/form-data (field "files"), or send {"records": [...]} as JSON.' },
      );
    }
    staged = stageRecords(body, runtime.config.ingest);
  }

  const included = picomatch(staged.config.include, { nocase: true });
  const excluded = picomatch(staged.config.exclude, { dot: true });
  const skipped = staged.files
    .filter((file) => !included(file.relativePath) || excluded(file.relativePath))
    .map((file) => ({
      source: file.relativePath,
      documentId: file.relativePath,
      code: 'INPUT_INVALID' as const,
      reason: excluded(file.relativePath)
        ? 'the name matches ingest.exclude'
        : 'not a supported file type (ingest.include)',
      hint: 'Upload Markdown, text, HTML, PDF, DOCX, JSON or JSONL files, or adjust ingest.include in knowhow.yaml.',
    }));
  const accepted = staged.files.filter(
    (file) => !skipped.some((entry) => entry.source === file.relativePath),
  );

  const uploads = path.join(runtime.dependencies.dataDirectory, 'uploads');
  await mkdir(uploads, { recursive: true });
  const folder = await mkdtemp(path.join(uploads, 'upload-'));
  const scrub = (text: string) => scrubPaths(text, [folder, ...runtime.roots]);
  try {
    for (const file of accepted) {
      const target = path.resolve(folder, file.relativePath);
      // toUploadPath already refused traversal; this is the belt to its braces.
      if (!target.startsWith(`${folder}${path.sep}`))
        throw new KnowhowError('INPUT_INVALID', 'Bad file name.');
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.bytes);
    }
    let summary: IngestSummary;
    try {
      const ingesting = runtime.exclusive(() =>
        runIngest({
          paths: [folder],
          cwd: folder,
          config: staged.config,
          store: runtime.dependencies.store,
          chunk: runtime.dependencies.chunk,
          prune: false,
          // Uploads are never pruned by `knowhow ingest --prune`: DELETE /v1/documents/:id removes them.
          origin: 'api',
          // A CLI ingest may hold the index for minutes: wait a little, then answer 423 with Retry-After.
          lock: { purpose: 'API ingest', waitSeconds: API_LOCK_WAIT_SECONDS },
          signal,
          ...(runtime.dependencies.embedder ? { embedder: runtime.dependencies.embedder } : {}),
          ...(staged.defaultGroups ? { defaultGroups: staged.defaultGroups } : {}),
          // The answer waits for the rows, not for the fold they may call for: that runs next.
          deferFold: true,
        }),
      );
      void runtime.foldQueued();
      summary = await ingesting;
    } catch (error) {
      const known = toKnowhowError(error);
      if (known.code !== 'NOTHING_INGESTED') throw error;
      const failures = (known.details.failures as IngestSummary['failures'] | undefined) ?? [];
      return nothingIngested([...skipped, ...failures], scrub);
    }
    if (summary.added + summary.updated > 0) runtime.indexChanged();
    const failures = [...skipped, ...summary.failures].map((failure) => ({
      ...failure,
      reason: scrub(failure.reason),
      hint: scrub(failure.hint),
    }));
    if (summary.added + summary.updated + summary.unchanged === 0 && failures.length > 0) {
      return nothingIngested(failures, scrub);
    }
    const body: IngestResponse = {
      object: 'ingest.summary',
      ...summary,
      failed: summary.failed + skipped.length,
      failures,
    };
    return { status: 200, body };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function nothingIngested(failures: IngestSummary['failures'], scrub: (text: string) => string) {
  return {
    status: httpStatusFor('NOTHING_INGESTED'),
    body: {
      error: {
        code: 'NOTHING_INGESTED',
        message: `No document could be ingested (${failures.length} failed).`,
        type: 'nothing_ingested',
        param: null,
        hint: 'See `failures`: fix or leave out those files.',
      },
      failures: failures.map((failure) => ({
        ...failure,
        reason: scrub(failure.reason),
        hint: scrub(failure.hint),
      })),
    },
  };
}
