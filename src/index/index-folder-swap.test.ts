import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import { EVERYONE } from '../core/types.js';
import { rebuildIndexFolder, restoreIndexFolder, stagingFolderOf } from './index-folder-swap.js';
import { acquireIndexLock, indexLockFile } from './index-lock.js';
import { LanceIndexStore } from './lance-index-store.js';

let root: string;
let directory: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-swap-'));
  directory = path.join(root, 'index');
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const write = (id: string, text: string) => ({
  document: makeRecord(id, 1, { hash: `hash-${id}` }),
  chunks: [makeChunk(id, 0, text, { documentHash: `hash-${id}` })],
});

async function buildIndex(at: string, id: string, text: string): Promise<void> {
  const store = await LanceIndexStore.open({ directory: at });
  try {
    await store.writeDocuments([write(id, text)]);
    await store.optimize();
  } finally {
    await store.close();
  }
}

const found = async (store: LanceIndexStore) =>
  (await store.searchText('refund', { k: 5, reader: EVERYONE })).map((hit) => hit.chunk.documentId);

const generationOf = async (at: string) =>
  (JSON.parse(await readFile(path.join(at, 'knowhow-index.json'), 'utf8')) as { generation: string })
    .generation;

describe('rebuildIndexFolder', () => {
  it('a reader of the old index reads it during the rebuild and the new one right after, without an error', async () => {
    await buildIndex(directory, 'old', 'the refund window is 30 days');
    const before = await generationOf(directory);
    const reader = await LanceIndexStore.open({ directory });
    expect(await found(reader)).toEqual(['old']);
    const lock = await acquireIndexLock(directory, { purpose: 'ingest' });
    try {
      await rebuildIndexFolder(directory, async (staging) => {
        expect(staging).toBe(stagingFolderOf(directory));
        await buildIndex(staging, 'new', 'the refund window is 60 days');
        // The new index is complete, not yet swapped in: readers still get the old one.
        expect(await found(reader)).toEqual(['old']);
      });
    } finally {
      await lock.release();
    }
    // Within the reader's 1 s refresh interval: a new generation, read at once.
    expect(await found(reader)).toEqual(['new']);
    expect(await generationOf(directory)).not.toBe(before);
    await reader.close();
    expect((await readdir(root)).sort()).toEqual(['index']);
  });

  it('a rebuild that throws midway leaves the old index searchable with its old documents, and no staging folder', async () => {
    await buildIndex(directory, 'old', 'the refund window is 30 days');
    const failure = new Error('embedder failed');
    await expect(
      rebuildIndexFolder(directory, async (staging) => {
        const store = await LanceIndexStore.open({ directory: staging });
        try {
          await store.writeDocuments([write('new', 'the refund window is 60 days')]);
          throw failure;
        } finally {
          await store.close();
        }
      }),
    ).rejects.toBe(failure);
    const reader = await LanceIndexStore.open({ directory });
    expect(await found(reader)).toEqual(['old']);
    await reader.close();
    expect(await readdir(root)).toEqual(['index']);
  });

  it('removes what an earlier rebuild left: its staging folder, and an old folder a crash left undeleted', async () => {
    await buildIndex(directory, 'old', 'the refund window is 30 days');
    await mkdir(path.join(stagingFolderOf(directory), 'half-written'), { recursive: true });
    await mkdir(`${directory}.replaced-99999`);
    await rebuildIndexFolder(directory, (staging) =>
      buildIndex(staging, 'new', 'the refund window is 60 days'),
    );
    expect((await readdir(root)).sort()).toEqual(['index']);
  });
});

describe('restoreIndexFolder', () => {
  it('gives the index its old folder back when a crash came between the two renames of a swap', async () => {
    await buildIndex(`${directory}.replaced-4242`, 'old', 'the refund window is 30 days');
    expect(await restoreIndexFolder(directory)).toBe(true);
    expect(await readdir(root)).toEqual(['index']);
    const reader = await LanceIndexStore.open({ directory });
    expect(await found(reader)).toEqual(['old']);
    await reader.close();
  });

  it('a reader opening the index restores it by itself', async () => {
    await buildIndex(`${directory}.replaced-4242`, 'old', 'the refund window is 30 days');
    const reader = await LanceIndexStore.open({ directory });
    expect(await found(reader)).toEqual(['old']);
    await reader.close();
  });

  it('leaves alone an index that is there, and a swap that a live writer is in the middle of', async () => {
    await mkdir(directory);
    await mkdir(`${directory}.replaced-4242`);
    expect(await restoreIndexFolder(directory)).toBe(false);
    await rm(directory, { recursive: true });
    // Another live process (our parent) holds the writer lock: it is between its renames.
    const owner = { pid: process.ppid, hostname: os.hostname(), startedAt: new Date().toISOString() };
    await writeFile(indexLockFile(directory), JSON.stringify({ ...owner, purpose: 'ingest', token: 't' }));
    expect(await restoreIndexFolder(directory)).toBe(false);
    expect((await readdir(root)).sort()).toEqual(['index.lock', 'index.replaced-4242']);
  });
});
