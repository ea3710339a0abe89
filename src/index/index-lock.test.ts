import { spawn } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFolder, removeTempFolder } from '../ingest/__fixtures__/temp-folder.js';
import {
  acquireIndexLock,
  holdsIndexLock,
  indexLockFile,
  isProcessAlive,
  type LockOwner,
} from './index-lock.js';

let folder: string;
let index: string;
beforeEach(async () => {
  folder = await createTempFolder();
  index = path.join(folder, 'index');
});
afterEach(async () => removeTempFolder(folder));

/** A live process that is not us: `sleep` as a child. */
function startSleeper() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return child;
}

async function writeOwner(owner: Partial<LockOwner>): Promise<void> {
  const full: LockOwner = {
    pid: 1,
    hostname: os.hostname(),
    startedAt: new Date(Date.now() - 65_000).toISOString(),
    purpose: 'ingest',
    token: 'theirs',
    ...owner,
  };
  await writeFile(indexLockFile(index), JSON.stringify(full));
}

describe('acquireIndexLock', () => {
  it('lives beside the index folder, so that a rebuild that deletes the folder stays under it', async () => {
    const lock = await acquireIndexLock(index, { purpose: 'ingest' });
    expect(lock.file).toBe(path.join(folder, 'index.lock'));
    expect(holdsIndexLock(index)).toBe(true);
    const owner = JSON.parse(await readFile(lock.file, 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, purpose: 'ingest' });
    await lock.release();
    expect(holdsIndexLock(index)).toBe(false);
    await expect(readFile(lock.file)).rejects.toThrow();
  });

  it('refuses with INDEX_LOCKED naming a live holder, and waits for it as long as told', async () => {
    const sleeper = startSleeper();
    try {
      await writeOwner({ pid: sleeper.pid! });
      await expect(acquireIndexLock(index, { purpose: 'ingest' })).rejects.toMatchObject({
        code: 'INDEX_LOCKED',
        // 65 s when written; a loaded machine (load 20+ on 2 cores) has read it as 66 s.
        message: expect.stringMatching(
          new RegExp(`ingest of pid ${sleeper.pid} \\(started .*, 6[5-9] s ago\\)`),
        ),
        hint: expect.stringContaining('--wait'),
      });
      const lines: string[] = [];
      const waiting = acquireIndexLock(index, {
        purpose: 'ingest',
        waitSeconds: 10,
        onWaiting: (line) => lines.push(line),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      sleeper.kill('SIGKILL');
      const lock = await waiting;
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^waiting for the ingest of pid ${sleeper.pid} \\(started \\d\\d:\\d\\d:\\d\\d`),
      );
      await lock.release();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a lock whose process is gone, or whose pid now belongs to another process', async () => {
    const sleeper = startSleeper();
    const pid = sleeper.pid!;
    await new Promise((resolve) => {
      sleeper.once('exit', resolve);
      sleeper.kill('SIGKILL');
    });
    await writeOwner({ pid });
    const first = await acquireIndexLock(index, { purpose: 'ingest' });
    await first.release();
    // Our own pid with another start time: a reused pid, not the writer that took the lock.
    await writeOwner({ pid: process.pid, processStart: '1' });
    const second = await acquireIndexLock(index, { purpose: 'ingest' });
    await second.release();
  });

  it('honours a lock from another host while its heartbeat is fresh, and takes it after a minute of silence', async () => {
    await writeOwner({ pid: 4242, hostname: 'elsewhere' });
    await expect(acquireIndexLock(index, { purpose: 'ingest' })).rejects.toMatchObject({
      code: 'INDEX_LOCKED',
      message: expect.stringContaining('pid 4242 on elsewhere'),
    });
    const old = new Date(Date.now() - 120_000);
    await utimes(indexLockFile(index), old, old);
    const lock = await acquireIndexLock(index, { purpose: 'ingest' });
    await lock.release();
  });

  it('queues writers of the same process, and a release never removes another holder’s lock', async () => {
    const first = await acquireIndexLock(index, { purpose: 'API ingest' });
    let secondHeld = false;
    const second = acquireIndexLock(index, { purpose: 'API ingest', waitSeconds: 5 }).then((lock) => {
      secondHeld = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(secondHeld).toBe(false);
    await expect(acquireIndexLock(index, { purpose: 'x', waitSeconds: 0.05 })).rejects.toMatchObject({
      code: 'INDEX_LOCKED',
    });
    await first.release();
    const lock = await second;
    await first.release();
    expect(JSON.parse(await readFile(lock.file, 'utf8')).token).toBe(lock.owner.token);
    await lock.release();
  });

  it('tells a zombie or a missing process from a live one', () => {
    expect(isProcessAlive({ pid: process.pid })).toBe(true);
    expect(isProcessAlive({ pid: 2 ** 22 + 12345 })).toBe(false);
  });
});
