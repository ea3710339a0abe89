import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, mkdir, readFile, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KnowhowError } from '../core/errors.js';

/**
 * The one-writer-at-a-time lock of an index folder, across processes: `<index>.lock` beside the
 * folder (so that `ingest --rebuild`, which deletes the folder, stays under it). Readers never
 * take it.
 *
 * Why not proper-lockfile (4.1.2, already in node_modules through node-llama-cpp), read in
 * lib/lockfile.js: (1) it records no owner, so a waiting writer could not say "pid N, started …";
 * (2) it tells a dead holder only by the lock's age (`stale`, 10 s by default, 2 s at least), so
 * every run after a crash would wait that long, and a live holder whose event loop stalls past
 * `stale` loses its lock (`onCompromised` throws from a timer); (3) its stale takeover is
 * `rmdir` then `mkdir`, so two waiters can both remove the stale lock and both end up "holding"
 * it. Here the owner's pid is checked directly (dead at once, a reused pid told apart by its
 * start time), and a stale lock is removed under a second, short-lived guard that re-reads the
 * owner first, so only the dead owner's file is ever removed. A lock from another host (a shared
 * folder) cannot be checked by pid: it is stale when its heartbeat is older than HOST_STALE_MS.
 */

export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** What holds it, for the waiting line: "ingest", "API ingest", "optimize"… */
  purpose: string;
  /** Linux: the process's start time (clock ticks after boot), so that a reused pid is not taken for the owner. */
  processStart?: string;
  /** Only the holder of this token removes the file. */
  token: string;
}

export interface IndexLockOptions {
  purpose: string;
  /** Seconds to wait while another process writes; 0 fails at once. Default 0. */
  waitSeconds?: number;
  /** Called once when another process holds the lock and this one starts to wait. */
  onWaiting?: (message: string, owner: LockOwner) => void;
}

export interface IndexLock {
  readonly owner: LockOwner;
  readonly file: string;
  release(): Promise<void>;
}

export { DEFAULT_WRITER_WAIT_SECONDS } from '../core/index-store.js';

const HEARTBEAT_MS = 10_000;
/** Six missed heartbeats: a host that has not touched its lock for a minute is gone. */
const HOST_STALE_MS = 60_000;
/** Taking over a stale lock takes milliseconds; a guard this old was left by a crash. */
const GUARD_STALE_MS = 10_000;

interface Held {
  lock: IndexLock;
  heartbeat: NodeJS.Timeout;
}

/** Locks this process holds, by lock file: writes check here before taking the lock per call. */
const held = new Map<string, Held>();
/** In-process turn-taking: a second acquire in the same process waits for the first's release. */
const turns = new Map<string, Promise<void>>();

let exitHandlerInstalled = false;

export function indexLockFile(indexDirectory: string): string {
  const resolved = path.resolve(indexDirectory);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.lock`);
}

/** Whether this process holds the writer lock of `indexDirectory` now. */
export function holdsIndexLock(indexDirectory: string): boolean {
  return held.has(indexLockFile(indexDirectory));
}

/** The lock this process holds on `indexDirectory`, if any. */
export function heldIndexLock(indexDirectory: string): IndexLock | undefined {
  return held.get(indexLockFile(indexDirectory))?.lock;
}

/** The owner recorded in the lock file, or null when nobody holds it. Never waits. */
export async function readIndexLockOwner(indexDirectory: string): Promise<LockOwner | null> {
  return readOwner(indexLockFile(indexDirectory));
}

/**
 * Takes the writer lock, waiting up to `waitSeconds` for another process to finish; a lock left by
 * a dead process is removed and taken. Fails with INDEX_LOCKED when the wait runs out.
 */
export async function acquireIndexLock(
  indexDirectory: string,
  options: IndexLockOptions,
): Promise<IndexLock> {
  const file = indexLockFile(indexDirectory);
  const waitMs = Math.max(0, (options.waitSeconds ?? 0) * 1000);
  const deadline = Date.now() + waitMs;
  // Same process first: queue behind our own holder, within the same deadline.
  const previous = turns.get(file) ?? Promise.resolve();
  let releaseTurn!: () => void;
  const turn = new Promise<void>((resolve) => {
    releaseTurn = resolve;
  });
  const chained = previous.then(() => turn);
  turns.set(file, chained);
  const finishTurn = () => {
    releaseTurn();
    if (turns.get(file) === chained) turns.delete(file);
  };
  try {
    await waitForTurn(previous, deadline, file);
    await mkdir(path.dirname(file), { recursive: true });
    const owner: LockOwner = { ...selfOwner(options.purpose), token: randomUUID() };
    let told = false;
    let pause = 50;
    for (;;) {
      const current = await tryAcquire(file, owner);
      if (current === null) return hold(file, owner, finishTurn);
      if (current !== 'retry') {
        const message = describeHolder(current);
        if (Date.now() >= deadline) throw lockedError(file, current, options.waitSeconds ?? 0);
        if (!told) {
          told = true;
          options.onWaiting?.(
            `waiting for the ${message} (up to ${formatSeconds(waitMs / 1000)}; --wait sets how long)`,
            current,
          );
        }
        await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
        pause = Math.min(pause * 2, 500);
      }
    }
  } catch (error) {
    finishTurn();
    throw error;
  }
}

async function waitForTurn(previous: Promise<void>, deadline: number, file: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  const outcome = await Promise.race([previous.then(() => 'turn' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'turn') return;
  const holder = held.get(file)?.lock.owner ?? (await readOwner(file));
  throw lockedError(file, holder ?? { ...selfOwner('write'), token: '' }, 0);
}

function hold(file: string, owner: LockOwner, finishTurn: () => void): IndexLock {
  const heartbeat = setInterval(() => {
    const now = new Date();
    void utimes(file, now, now).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  const lock: IndexLock = {
    owner,
    file,
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      held.delete(file);
      try {
        const current = await readOwner(file);
        if (current?.token === owner.token) await rm(file, { force: true });
      } finally {
        finishTurn();
      }
    },
  };
  held.set(file, { lock, heartbeat });
  installExitHandler();
  return lock;
}

/** A process that exits without releasing (an error path, process.exit) still leaves no lock. */
function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const [file, entry] of held) {
      try {
        const current = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
        if (current.token === entry.lock.owner.token) rmSync(file, { force: true });
      } catch {
        // Already gone or unreadable: nothing of ours to remove.
      }
    }
  });
}

/** null: acquired; 'retry': a stale lock was just removed; otherwise the live holder. */
async function tryAcquire(file: string, owner: LockOwner): Promise<LockOwner | null | 'retry'> {
  const content = JSON.stringify(owner);
  const temporary = `${file}.${owner.pid}.${owner.token}.tmp`;
  await writeFile(temporary, content);
  try {
    // link() publishes a complete file atomically or fails with EEXIST: a reader never sees half an owner.
    await link(temporary, file);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      // A file system without hard links: exclusive create instead.
      try {
        await writeFile(file, content, { flag: 'wx' });
        return null;
      } catch (exclusive) {
        if ((exclusive as NodeJS.ErrnoException).code !== 'EEXIST') throw exclusive;
      }
    } else if (code !== 'EEXIST') {
      throw error;
    }
  } finally {
    await rm(temporary, { force: true });
  }
  const current = await readOwner(file);
  if (current === null) return (await ageMs(file)) === null ? 'retry' : unreadableOwner(file);
  if (await isStale(file, current)) {
    await removeStale(file, current);
    return 'retry';
  }
  return current;
}

/** A lock file that does not parse (written by hand, or by a file system without link()). */
async function unreadableOwner(file: string): Promise<LockOwner | 'retry'> {
  const age = await ageMs(file);
  if (age !== null && age > GUARD_STALE_MS) {
    await rm(file, { force: true });
    return 'retry';
  }
  return { ...selfOwner('write'), pid: 0, token: '' };
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return null;
    return parsed as LockOwner;
  } catch {
    return null;
  }
}

async function ageMs(file: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

async function isStale(file: string, owner: LockOwner): Promise<boolean> {
  if (owner.hostname !== os.hostname()) return ((await ageMs(file)) ?? 0) > HOST_STALE_MS;
  return !isProcessAlive(owner);
}

/** Same host: the pid is gone, a zombie, or now another process (a different start time). */
export function isProcessAlive(owner: Pick<LockOwner, 'pid' | 'processStart'>): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = readProcStat(owner.pid);
  if (now === null) return true;
  if (now.state === 'Z' || now.state === 'X') return false;
  return owner.processStart === undefined || owner.processStart === now.start;
}

function selfOwner(purpose: string): Omit<LockOwner, 'token'> {
  const now = readProcStat(process.pid);
  return {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    purpose,
    ...(now ? { processStart: now.start } : {}),
  };
}

/** Linux /proc/<pid>/stat: state (field 3) and start time (field 22); null elsewhere. */
function readProcStat(pid: number): { state: string; start: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const start = fields[19];
    return state && start ? { state, start } : null;
  } catch {
    return null;
  }
}

/** Removes a dead owner's lock; the guard makes sure no live owner's file is removed instead. */
async function removeStale(file: string, stale: LockOwner): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    await mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await ageMs(guard);
    if (age !== null && age > GUARD_STALE_MS) await rmdir(guard).catch(() => {});
    await sleep(20);
    return;
  }
  try {
    const again = await readOwner(file);
    if (again?.token === stale.token) await rm(file, { force: true });
  } finally {
    await rmdir(guard).catch(() => {});
  }
}

/** "ingest of pid 4242 (started 14:03:07, 12 s ago)", naming the host when it is another one. */
export function describeHolder(owner: LockOwner): string {
  const started = new Date(owner.startedAt);
  const ago = Number.isNaN(started.getTime())
    ? ''
    : `, ${formatSeconds((Date.now() - started.getTime()) / 1000)} ago`;
  const clock = Number.isNaN(started.getTime()) ? owner.startedAt : started.toTimeString().slice(0, 8);
  const host = owner.hostname === os.hostname() ? '' : ` on ${owner.hostname}`;
  return `${owner.purpose} of pid ${owner.pid}${host} (started ${clock}${ago})`;
}

function lockedError(file: string, owner: LockOwner, waitedSeconds: number): KnowhowError {
  return new KnowhowError(
    'INDEX_LOCKED',
    `The index is being written by the ${describeHolder(owner)}${waitedSeconds > 0 ? `; waited ${formatSeconds(waitedSeconds)}` : ''}.`,
    {
      hint: `Run again when it has finished, or wait for it with --wait <seconds>. Searches are not blocked. If pid ${owner.pid} is not a knowhow process, delete ${file}.`,
      details: { pid: owner.pid, startedAt: owner.startedAt, purpose: owner.purpose, retryAfterSeconds: 5 },
    },
  );
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'as long as it takes';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
