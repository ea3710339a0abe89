import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanceIndexStore } from '../../src/index/index.js';
import { ADMIN_KEY, buildTestApp } from '../../src/serve/__fixtures__/build-test-app.js';
import { parseJson, runCli } from '../helpers/run-cli.js';

let root: string;
let indexDirectory: string;

interface Summary {
  added: number;
  lag: { unindexedRows: number; foldDue: boolean } | null;
}

const ingest = async () => {
  const result = await runCli(['ingest', 'docs', '--json'], { cwd: root });
  expect(result.code, result.stderr).toBe(0);
  return parseJson<Summary>(result);
};

const writeDocuments = async (prefix: string, count: number) => {
  for (let i = 0; i < count; i++)
    await writeFile(
      path.join(root, 'docs', `${prefix}-${i}.md`),
      `# ${prefix} ${i}\n\nRefund rule ${prefix} ${i}.`,
    );
};

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-lag-'));
  indexDirectory = path.join(root, '.knowhow', 'index');
  await writeFile(path.join(root, 'knowhow.yaml'), 'project: lag\n');
  await mkdir(path.join(root, 'docs'), { recursive: true });
  await writeDocuments('first', 20);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('rows a CLI ingest leaves outside the indexes (real CLI, server in process)', () => {
  it('the ingest reports them, and a running server folds them in once idle', async () => {
    expect(await ingest()).toMatchObject({ added: 20, lag: { unindexedRows: 0, foldDue: false } });
    // A server reading the index; its store calls a fold due from 3 rows (1,000 by default).
    const store = await LanceIndexStore.open({ directory: indexDirectory, lagFoldRows: 3 });
    const built = await buildTestApp({ store, keys: [ADMIN_KEY], overrides: { maintenanceIdleMs: 300 } });
    try {
      await writeDocuments('second', 4);
      // Four rows: far under what a write folds at (1,000), so the ingest leaves them and says so.
      expect(await ingest()).toMatchObject({ added: 4, lag: { unindexedRows: 4, foldDue: false } });
      // The server sees the ingest's commits within a second, then folds at its next idle check.
      const folded = 'index: folding 4 rows that every query scanned outside the indexes';
      const deadline = Date.now() + 15_000;
      const done = async () => built.logs.includes(folded) && (await store.measureLag()).unindexedRows === 0;
      while (!(await done()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await store.measureLag()).toEqual({ unindexedRows: 0, foldDue: false });
      expect(built.logs).toContain(folded);
    } finally {
      await built.cleanup();
      await store.close();
    }
  }, 60_000);
});
