import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnowhowError } from '../core/errors.js';
import type { IndexWriter } from '../core/index-store.js';
import type { LanceIndexStoreOptions } from './lance-index-store.js';
import {
  deserializeError,
  type FromWriter,
  type ToWriter,
  type WriterMethod,
} from './writer-process-protocol.js';

export interface WriterProcessClientOptions {
  store: LanceIndexStoreOptions;
  /** The writer exits this long after its last call with no write session open. */
  idleExitMs: number;
  /** A writer whose RSS passed this, with no session open, is replaced by a fresh one. */
  recycleRssBytes: number;
  /** The built writer-process-child.js (default: beside this module, or in dist/ when run from src/). */
  script?: string;
}

interface Pending {
  method: WriterMethod;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onWaiting?: (message: string, writer: IndexWriter) => void;
}

/** dist/index/writer-process-child.js: beside this file once built; from src/ (tests) in dist/. */
export function writerProcessScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'writer-process-child.js');
  return existsSync(beside)
    ? beside
    : path.resolve(here, '..', '..', 'dist', 'index', 'writer-process-child.js');
}

/**
 * Starts the writer process on the first call, passes calls to it one message each, and ends it
 * once writes pause (or its memory grew past the bound) — the next call starts a fresh one. A
 * writer that dies fails the calls in flight with INDEX_FAILED; what it half-wrote is in the
 * index's journal, which the next writer's lock settles.
 */
export class WriterProcessClient {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private openSessions = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastRssBytes = 0;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: WriterProcessClientOptions) {}

  /** The running writer's pid (benchmarks read its memory), or null between writers. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async call(
    method: WriterMethod,
    args: unknown[],
    onWaiting?: (message: string, writer: IndexWriter) => void,
  ): Promise<unknown> {
    clearTimeout(this.idleTimer);
    if (this.closing) await this.closing;
    const child = this.start();
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject, ...(onWaiting ? { onWaiting } : {}) });
    });
    try {
      // A writer that died since start() closed its channel: its exit fails this call as the others.
      if (child.connected) child.send({ type: 'call', id, method, args } satisfies ToWriter);
      const value = await result;
      // While a write session is open the writer holds the lock: it must stay until released.
      if (method === 'beginWrite') this.openSessions++;
      return value;
    } finally {
      if (method === 'release') this.openSessions = Math.max(0, this.openSessions - 1);
      this.settle();
    }
  }

  /** Ends the writer, if one runs, once it has released its locks (SIGKILL after 10 s). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const child = this.child;
    if (!child) return;
    this.child = null;
    this.closing ??= stopChild(child).finally(() => {
      this.closing = null;
    });
    await this.closing;
  }

  private start(): ChildProcess {
    if (this.child) return this.child;
    const script = this.options.script ?? writerProcessScript();
    if (!existsSync(script)) {
      throw new KnowhowError('INTERNAL', `The index writer process ${script} is missing.`, {
        hint: 'Run `npm run build` in the knowhow package (npm install runs it), or set serve.writer: server.',
      });
    }
    const child = fork(script, [JSON.stringify(this.options.store)], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: FromWriter) => this.receive(message));
    child.once('exit', (code, signal) => this.exited(child, code, signal));
    child.once('error', () => {});
    this.child = child;
    return child;
  }

  private receive(message: FromWriter): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'waiting') {
      pending.onWaiting?.(message.message, message.writer);
      return;
    }
    this.pending.delete(message.id);
    this.lastRssBytes = message.rssBytes;
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(deserializeError(message.error));
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = null;
    this.openSessions = 0;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(
        new KnowhowError(
          'INDEX_FAILED',
          `The index writer process (pid ${child.pid}) ended (${signal ?? `exit code ${code}`}) during ${pending.method}.`,
          {
            hint: 'Nothing half-written stays visible: the next write settles it. Retry the request; if it fails again, see the server log.',
          },
        ),
      );
    }
  }

  /** After each call: a writer with nothing to do ends after idleExitMs, or now if it grew too large. */
  private settle(): void {
    if (this.pending.size > 0 || this.openSessions > 0 || !this.child) return;
    clearTimeout(this.idleTimer);
    if (this.lastRssBytes > this.options.recycleRssBytes) {
      void this.close();
      return;
    }
    this.idleTimer = setTimeout(() => void this.close(), this.options.idleExitMs);
    this.idleTimer.unref();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    if (child.connected) child.send({ type: 'close' } satisfies ToWriter);
    else child.kill('SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  await exited;
  clearTimeout(killer);
}
