import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../test/helpers/expect-failure.js';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import { KnowhowError } from '../core/errors.js';
import type { DocumentWrite } from '../core/index-store.js';
import { EVERYONE } from '../core/types.js';
import { LanceIndexStore } from './lance-index-store.js';
import { deserializeError, serializeError } from './writer-process-protocol.js';
import { WriterProcessIndexStore } from './writer-process-store.js';

const write = (id: string, text: string): DocumentWrite => ({
  document: makeRecord(id, 1),
  chunks: [makeChunk(id, 0, text)],
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('WriterProcessIndexStore', () => {
  let root: string;
  let stores: { close(): Promise<void> }[];
  const open = async (options: { idleExitMs?: number; recycleRssBytes?: number } = {}) => {
    const store = await WriterProcessIndexStore.open({ directory: path.join(root, 'index'), ...options });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-writer-process-'));
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes from a child process and reads what it wrote as soon as the call returns', async () => {
    const store = await open();
    expect(store.writerPid).toBeNull();
    await store.writeDocuments([write('refunds', 'the refund window is thirty days')]);
    const writer = store.writerPid;
    expect(writer).not.toBeNull();
    expect(writer).not.toBe(process.pid);
    // No wait for the read-consistency interval (1 s): the write is read back before returning.
    const hits = await store.searchText('refund window', { k: 5, reader: EVERYONE });
    expect(hits.map((hit) => hit.chunk.documentId)).toEqual(['refunds']);
    await store.deleteDocuments(['refunds']);
    expect(await store.searchText('refund window', { k: 5, reader: EVERYONE })).toEqual([]);
    expect((await store.stats()).documents).toBe(0);
  });

  it('ends the writer once writes pause, and starts a fresh one for the next write', async () => {
    const store = await open({ idleExitMs: 100 });
    await store.writeDocuments([write('a', 'first document')]);
    const first = store.writerPid!;
    await expect.poll(() => store.writerPid, { timeout: 10_000 }).toBeNull();
    await expect.poll(() => isRunning(first), { timeout: 10_000 }).toBe(false);
    await store.writeDocuments([write('b', 'second document')]);
    expect(store.writerPid).not.toBe(first);
    expect((await store.stats()).documents).toBe(2);
  });

  it('replaces a writer that grew past the bound as soon as it is idle', async () => {
    const store = await open({ recycleRssBytes: 1 });
    await store.writeDocuments([write('a', 'first document')]);
    await expect.poll(() => store.writerPid, { timeout: 10_000 }).toBeNull();
  });

  it('keeps the writer, and its lock, for a whole write session', async () => {
    const store = await open({ idleExitMs: 50 });
    const session = await store.beginWrite({ purpose: 'API ingest' });
    const writer = store.writerPid!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.writerPid).toBe(writer);
    const other = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    stores.push(other);
    const locked = await failureOf(other.beginWrite({ waitSeconds: 0 }));
    expect(locked.code).toBe('INDEX_LOCKED');
    expect(locked.message).toContain(`pid ${writer}`);
    await store.writeDocuments([write('a', 'written under the session')]);
    await session.release();
    const next = await other.beginWrite({ waitSeconds: 5 });
    await next.release();
    expect((await other.stats()).documents).toBe(1);
  });

  it('tells the caller that it waits for another writer, as an in-process store does', async () => {
    const other = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    stores.push(other);
    const held = await other.beginWrite({ purpose: 'ingest' });
    const store = await open();
    const messages: string[] = [];
    const waiting = store.beginWrite({ waitSeconds: 20, onWaiting: (message) => messages.push(message) });
    await expect.poll(() => messages.length, { timeout: 10_000 }).toBe(1);
    expect(messages[0]).toContain(`pid ${process.pid}`);
    await held.release();
    const session = await waiting;
    await session.release();
  });

  it('fails the call in flight with INDEX_FAILED when the writer dies, and the next write settles the index', async () => {
    const store = await open();
    await store.writeDocuments([write('a', 'before the crash')]);
    const writer = store.writerPid!;
    const writes = Array.from({ length: 300 }, (_, i) =>
      write(`doc-${i}`, `document number ${i} about refunds`),
    );
    const writing = failureOf(store.writeDocuments(writes));
    process.kill(writer, 'SIGKILL');
    const failure = await writing;
    expect(failure.code).toBe('INDEX_FAILED');
    expect(failure.message).toContain(`pid ${writer}`);
    await store.writeDocuments([write('b', 'after the crash')]);
    const stats = await store.stats();
    // All or none of the killed call's 300 documents, never a part: the journal settles it.
    expect([2, 302]).toContain(stats.documents);
    expect(stats.chunks).toBe(stats.documents);
  });

  it('says so when the writer process is not built, and writes nothing', async () => {
    const store = await WriterProcessIndexStore.open({
      directory: path.join(root, 'index'),
      script: path.join(root, 'missing', 'writer-process-child.js'),
    });
    stores.push(store);
    const failure = await failureOf(store.writeDocuments([write('a', 'never written')]));
    expect(failure.code).toBe('INTERNAL');
    expect(failure.hint).toContain('npm run build');
    expect((await store.stats()).documents).toBe(0);
  });

  it('keeps writing through a Ctrl-C or SIGTERM sent to the process group: the server closes it', async () => {
    const store = await open();
    await store.writeDocuments([write('a', 'before the signals')]);
    const writer = store.writerPid!;
    process.kill(writer, 'SIGINT');
    process.kill(writer, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isRunning(writer)).toBe(true);
    await store.writeDocuments([write('b', 'after the signals')]);
    expect(store.writerPid).toBe(writer);
    expect((await store.stats()).documents).toBe(2);
  });

  it('ends its writer on close, releasing the lock', async () => {
    const store = await open();
    await store.beginWrite();
    const writer = store.writerPid!;
    await store.close();
    stores = stores.filter((entry) => entry !== store);
    await expect.poll(() => isRunning(writer), { timeout: 10_000 }).toBe(false);
    const other = await LanceIndexStore.open({ directory: path.join(root, 'index') });
    stores.push(other);
    const session = await other.beginWrite({ waitSeconds: 0 });
    await session.release();
  });
});

describe('writer process errors', () => {
  it('keep their code, hint and details across the channel', () => {
    const original = new KnowhowError('INDEX_LOCKED', 'busy', { hint: 'wait', details: { pid: 7 } });
    const copy = deserializeError(structuredClone(serializeError(original)));
    expect(KnowhowError.isInstance(copy)).toBe(true);
    expect([copy.code, copy.message, copy.hint, copy.details]).toEqual([
      'INDEX_LOCKED',
      'busy',
      'wait',
      { pid: 7 },
    ]);
  });

  it('arrive as INDEX_FAILED when they had no code', () => {
    const copy = deserializeError(serializeError(new Error('Not found: chunks.lance')));
    expect([copy.code, copy.message]).toEqual(['INDEX_FAILED', 'Not found: chunks.lance']);
  });
});
