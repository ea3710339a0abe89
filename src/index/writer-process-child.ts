/**
 * The index writer process of a server (started by WriterProcessIndexStore, never imported): it
 * opens the same LanceDB index and makes the calls that write it — writer lock, document writes
 * and deletes, folds and compactions — so that what LanceDB's native side allocates and frees
 * while writing stays in a process that ends when writes pause, not in the server.
 *
 * Usage (by WriterProcessIndexStore only): fork writer-process-child.js '<LanceIndexStoreOptions JSON>'
 * with an IPC channel in structured-clone ("advanced") serialization.
 */
import type {
  DocumentWrite,
  OptimizeOptions,
  WriteSession,
  WriteSessionOptions,
} from '../core/index-store.js';
import { LanceIndexStore, type LanceIndexStoreOptions } from './lance-index-store.js';
import {
  type FromWriter,
  serializeError,
  type ToWriter,
  type WriterCall,
} from './writer-process-protocol.js';

const options = JSON.parse(process.argv[2] ?? '{}') as LanceIndexStoreOptions;
const sessions = new Map<number, WriteSession>();
let nextSession = 1;
let store: Promise<LanceIndexStore> | null = null;

function send(message: FromWriter): void {
  process.send?.(message);
}

function openStore(): Promise<LanceIndexStore> {
  store ??= LanceIndexStore.open(options);
  // A failed open (an unreadable folder) is told to the call and tried again on the next one.
  store.catch(() => {
    store = null;
  });
  return store;
}

async function perform(call: WriterCall): Promise<unknown> {
  const opened = await openStore();
  switch (call.method) {
    case 'beginWrite': {
      const wanted = (call.args[0] ?? {}) as Omit<WriteSessionOptions, 'onWaiting'> & {
        tellWaiting?: boolean;
      };
      const { tellWaiting, ...rest } = wanted;
      const session = await opened.beginWrite({
        ...rest,
        ...(tellWaiting
          ? { onWaiting: (message, writer) => send({ type: 'waiting', id: call.id, message, writer }) }
          : {}),
      });
      const id = nextSession++;
      sessions.set(id, session);
      return { session: id, recovered: session.recovered };
    }
    case 'release': {
      const id = call.args[0] as number;
      const session = sessions.get(id);
      sessions.delete(id);
      await session?.release();
      return null;
    }
    case 'writeDocuments':
      return opened.writeDocuments(call.args[0] as DocumentWrite[]);
    case 'deleteDocuments':
      return opened.deleteDocuments(call.args[0] as string[]);
    case 'maintain':
      return opened.maintain((call.args[0] ?? {}) as OptimizeOptions);
  }
}

async function answer(call: WriterCall): Promise<void> {
  try {
    const value = await perform(call);
    send({ type: 'result', id: call.id, value: value ?? null, rssBytes: process.memoryUsage.rss() });
  } catch (error) {
    send({ type: 'error', id: call.id, error: serializeError(error), rssBytes: process.memoryUsage.rss() });
  }
}

/** Releases every lock still held and closes the index: on `close`, or when the server is gone. */
async function shutDown(): Promise<never> {
  for (const session of sessions.values()) await session.release().catch(() => {});
  sessions.clear();
  await (await store?.catch(() => null))?.close();
  process.exit(0);
}

process.on('message', (message: ToWriter) => {
  if (message.type === 'close') void shutDown();
  else void answer(message);
});
// The server died or closed the channel: nothing is left to write for, and no lock may outlive it.
process.on('disconnect', () => void shutDown());
// Ctrl-C in a terminal and a service manager's SIGTERM reach the server's whole process group:
// the server lets its in-flight uploads finish, then closes this writer; dying here would fail them.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
