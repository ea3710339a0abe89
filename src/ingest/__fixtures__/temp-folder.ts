import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { type IngestConfig, ingestSchema } from '../../core/config/schema.js';
import type { SourceDocument } from '../../core/types.js';
import { type IngestFailure, loadDocuments } from '../load-documents.js';

/** Test helpers shared by the ingest tests: temp folders, file trees, config, privilege drop. */

export async function createTempFolder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
}

export async function removeTempFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export function testConfig(overrides: z.input<typeof ingestSchema> = {}): IngestConfig {
  return ingestSchema.parse(overrides);
}

/** An unprivileged user: tests run as root, and root reads files whatever their mode. */
export const NOBODY = 65534;

/**
 * Runs `action` with this process's effective user and group switched to `nobody`, so that file
 * permissions apply for real (root ignores them). glibc switches every thread, libuv's pool
 * included. Switched back afterwards, whatever happens. Without root, permissions already apply.
 */
export async function runAsNobody<T>(action: () => Promise<T>): Promise<T> {
  const isRoot = process.geteuid?.() === 0;
  if (!isRoot || process.seteuid === undefined || process.setegid === undefined) return action();
  process.setegid(NOBODY);
  process.seteuid(NOBODY);
  try {
    return await action();
  } finally {
    process.seteuid(0);
    process.setegid(0);
  }
}

/** Loads `paths` under `root` with a test config and splits the outcomes into documents and failures. */
export async function loadFolder(options: {
  root: string;
  paths?: string[];
  config?: z.input<typeof ingestSchema>;
  defaultGroups?: string[];
}): Promise<{ documents: SourceDocument[]; failures: IngestFailure[] }> {
  const outcomes = await collect(
    loadDocuments({
      root: options.root,
      paths: options.paths ?? ['.'],
      config: testConfig(options.config ?? {}),
      ...(options.defaultGroups === undefined ? {} : { defaultGroups: options.defaultGroups }),
    }),
  );
  const documents: SourceDocument[] = [];
  const failures: IngestFailure[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'document') documents.push(outcome.document);
    else if (outcome.kind === 'failure') failures.push(outcome.failure);
  }
  return { documents, failures };
}
