import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditIndex } from '../../src/bench/audit-index.js';
import { writeDocuments } from '../../src/bench/cli-workspace.js';
import { runWritersBenchmark } from '../../src/bench/run-writers-benchmark.js';
import { configSchema } from '../../src/core/config/schema.js';
import { acquireIndexLock, indexLockFile } from '../../src/index/index.js';
import { createWorkspace } from '../../src/workspace/index.js';
import { cliPath, parseJson, runCli } from '../helpers/run-cli.js';

const config = configSchema.parse({ chunk: { maxTokens: 60, overlapTokens: 10 } });
let root: string;
let indexDirectory: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-writers-'));
  indexDirectory = path.join(root, '.knowhow', 'index');
  await writeFile(path.join(root, 'knowhow.yaml'), 'chunk:\n  maxTokens: 60\n  overlapTokens: 10\n');
  await writeDocuments(path.join(root, 'docs'), new Map(Array.from({ length: 12 }, (_, i) => [i, 0])));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const audit = () =>
  auditIndex({
    indexDirectory,
    documentsDirectory: path.join(root, 'docs'),
    ingest: config.ingest,
    chunk: createWorkspace({ config, root, file: null, dataDir: path.join(root, '.knowhow') }).chunk,
  });

describe('several writers on one index (real processes)', () => {
  it('two ingests of 300 documents started at once: one waits, 0 duplicates, 0 lost', async () => {
    // Before the writer lock: 6 of 6 such trials duplicated documents and chunks.
    const result = await runWritersBenchmark({ trials: 1, documents: 300, writers: 2 });
    expect(result.failedProcesses).toBe(0);
    expect({ duplicates: result.duplicates, lost: result.lost, ghosts: result.ghosts }).toEqual({
      duplicates: 0,
      lost: 0,
      ghosts: 0,
    });
  }, 120_000);

  it('a second writer says whom it waits for, honours --wait, and fails with INDEX_LOCKED (exit 75) when told not to wait', async () => {
    expect((await runCli(['ingest', 'docs', '--quiet'], { cwd: root })).code).toBe(0);
    await writeDocuments(path.join(root, 'docs'), new Map([[3, 1]]));
    const lock = await acquireIndexLock(indexDirectory, { purpose: 'ingest' });
    try {
      const refused = await runCli(['ingest', 'docs', '--wait', '0', '--json'], { cwd: root });
      expect(refused.code).toBe(75);
      const error = parseJson<{ error: { code: string; message: string; hint: string } }>(refused).error;
      expect(error.code).toBe('INDEX_LOCKED');
      expect(error.message).toContain(`ingest of pid ${process.pid} (started`);
      expect(error.hint).toContain('--wait');
      // Readers never wait for a writer.
      const search = await runCli(['search', 'refund', '--json'], { cwd: root });
      expect(search.code).toBe(0);

      const waiting = spawn(process.execPath, [cliPath, 'ingest', 'docs', '--wait', '60'], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => waiting.on('close', resolve));
      // Released only once the second writer has said whom it waits for.
      await new Promise<void>((resolve) => {
        waiting.stderr.on('data', (data: Buffer) => {
          stderr += data.toString();
          if (stderr.includes('waiting for')) resolve();
        });
        void exited.then(() => resolve());
      });
      await lock.release();
      expect(await exited).toBe(0);
      expect(stderr).toMatch(
        new RegExp(`waiting for the ingest of pid ${process.pid} \\(started \\d\\d:\\d\\d:\\d\\d`),
      );
      expect((await audit()).lost).toEqual([]);
    } finally {
      await lock.release();
    }
  }, 60_000);

  it('takes over the lock of a writer that died, and finishes what it left half-written', async () => {
    const killed = await runCli(['ingest', 'docs', '--quiet'], {
      cwd: root,
      env: { KNOWHOW_CRASH_AT: 'write:after-chunks' },
    });
    expect(killed.code).toBeNull();
    const { readFile } = await import('node:fs/promises');
    const left = JSON.parse(await readFile(indexLockFile(indexDirectory), 'utf8')) as { pid: number };
    expect(left.pid).toBeGreaterThan(0);
    const started = performance.now();
    const next = await runCli(['ingest', 'docs', '--wait', '0', '--json'], { cwd: root });
    expect(next.code).toBe(0);
    // Dead at once by its pid, not after a staleness timeout.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(parseJson<{ recovered: number }>(next).recovered).toBeGreaterThan(0);
    expect(await audit()).toMatchObject({ duplicates: 0, ghosts: [], lost: [] });
  }, 60_000);
});
