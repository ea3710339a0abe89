import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chunkDocument } from '../chunk/index.js';
import { configSchema } from '../core/config/schema.js';
import { LanceIndexStore } from '../index/index.js';
import { createJsonFileLedger } from './file-ledger.js';
import { type IngestOptions, runIngest } from './run-ingest.js';

const config = configSchema.parse({});
let root: string;
let store: LanceIndexStore;

const records = (count: number, extra = '') =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `r${i}`, text: `Record ${i} on topic ${i % 5}${extra}.` }),
  )
    .join('\n')
    .concat('\n');

/**
 * Files written a moment ago are not trusted (see unchanged-files.ts): the clock moves on 10 s
 * before each run, unless `clock` is 'real'.
 */
async function ingest(options: Partial<IngestOptions> = {}, clock: 'advanced' | 'real' = 'advanced') {
  if (clock === 'advanced') vi.setSystemTime(Date.now() + 10_000);
  return runIngest({
    paths: ['docs'],
    cwd: root,
    config: config.ingest,
    store,
    chunk: (document) => chunkDocument(document, config.chunk),
    fileLedger: createJsonFileLedger(path.join(root, 'ingest-ledger.json')),
    version: 'test',
    ...options,
  });
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-unchanged-files-'));
  await mkdir(path.join(root, 'docs'));
  await writeFile(path.join(root, 'docs', 'records.jsonl'), records(50));
  await writeFile(path.join(root, 'docs', 'a.md'), '# A\n\nAlpha text about refunds.');
  store = await LanceIndexStore.open({ directory: path.join(root, 'index') });
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  await rm(root, { recursive: true, force: true });
});

describe('re-ingest of unchanged files', () => {
  it('skips files unread once a clean run has recorded them, and counts their documents unchanged', async () => {
    expect(await ingest()).toMatchObject({ added: 51, filesSkipped: 0 });
    const second = await ingest();
    expect(second).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: 51,
      filesSkipped: 2,
      removed: 0,
      missing: 0,
    });
  });

  it('reads a file again when it is edited, touched, or loaded under other settings', async () => {
    await ingest();
    await appendFile(
      path.join(root, 'docs', 'records.jsonl'),
      `${JSON.stringify({ id: 'new', text: 'A new record.' })}\n`,
    );
    expect(await ingest()).toMatchObject({ added: 1, unchanged: 51, filesSkipped: 1 });

    const touched = new Date(Date.now() - 60_000);
    await utimes(path.join(root, 'docs', 'a.md'), touched, touched);
    expect(await ingest()).toMatchObject({ added: 0, unchanged: 52, filesSkipped: 1 });

    const regrouped = await ingest({ defaultGroups: ['staff'] });
    expect(regrouped).toMatchObject({ updated: 52, filesSkipped: 0 });
    expect(await ingest({ defaultGroups: ['staff'] })).toMatchObject({ unchanged: 52, filesSkipped: 2 });
    expect(await ingest({ defaultGroups: ['staff'], version: 'next' })).toMatchObject({
      unchanged: 52,
      filesSkipped: 0,
    });
  });

  it('reads a file again when its documents changed in the index some other way, and restores them', async () => {
    await ingest();
    await ingest();
    await store.deleteDocuments(['records.jsonl#r3']);
    const restored = await ingest();
    expect(restored).toMatchObject({ added: 1, unchanged: 50, filesSkipped: 1 });
    expect((await store.stats()).documents).toBe(51);
  });

  it('reads a file with a bad record on every run, so its failure is reported every time', async () => {
    await appendFile(path.join(root, 'docs', 'records.jsonl'), '{"id": "broken", "text": \n');
    expect(await ingest()).toMatchObject({ added: 51, failed: 1 });
    expect(await ingest()).toMatchObject({ unchanged: 51, failed: 1, filesSkipped: 1 });
  });

  it('does not record a file modified within the last two seconds (its times may not move on the next write)', async () => {
    await ingest();
    await writeFile(path.join(root, 'docs', 'a.md'), '# A\n\nAlpha text about refunds, revised.');
    // The real clock: a.md was written just now.
    vi.useRealTimers();
    const racy = await ingest({}, 'real');
    // Both files were written within two seconds of the real clock: both read, neither recorded.
    expect(racy).toMatchObject({ updated: 1, unchanged: 50, filesSkipped: 0 });
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await ingest()).toMatchObject({ unchanged: 51, filesSkipped: 0 });
    expect(await ingest()).toMatchObject({ unchanged: 51, filesSkipped: 2 });
  });

  it('keeps the entries of files a run did not walk, and a rebuilt (empty) index reads every file', async () => {
    await ingest();
    await ingest({ paths: ['docs/a.md'] });
    expect(await ingest()).toMatchObject({ unchanged: 51, filesSkipped: 2 });
    await store.deleteDocuments(['a.md', ...Array.from({ length: 50 }, (_, i) => `records.jsonl#r${i}`)]);
    expect((await store.stats()).documents).toBe(0);
    expect(await ingest()).toMatchObject({ added: 51, filesSkipped: 0 });
  });

  it('prunes what a skipped file no longer holds only after reading it: a skipped file keeps its documents', async () => {
    await ingest();
    await writeFile(path.join(root, 'docs', 'records.jsonl'), records(40));
    expect(await ingest({ prune: true })).toMatchObject({ removed: 10, unchanged: 41 });
    expect(await ingest({ prune: true })).toMatchObject({ removed: 0, unchanged: 41, filesSkipped: 2 });
    expect((await store.stats()).documents).toBe(41);
  });
});
