import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanceIndexStore } from '../../src/index/index.js';
import { ADMIN_KEY, bearer, buildTestApp, postJson } from '../../src/serve/__fixtures__/build-test-app.js';
import { parseJson, runCli } from '../helpers/run-cli.js';

let root: string;
let indexDirectory: string;

interface Summary {
  added: number;
  unchanged: number;
  removed: number;
  missing: number;
  index: { documents: number; chunks: number };
}

const ingest = async (...args: string[]) => {
  const result = await runCli(['ingest', ...args, '--json'], { cwd: root });
  expect(result.code, result.stderr).toBe(0);
  return parseJson<Summary>(result);
};

async function indexedIds(): Promise<string[]> {
  const store = await LanceIndexStore.open({ directory: indexDirectory });
  try {
    return [...(await store.listDocuments()).keys()].sort();
  } finally {
    await store.close();
  }
}

/** The server's upload route, in-process, on the same index (an admin key). */
async function withServer<T>(work: (app: Awaited<ReturnType<typeof buildTestApp>>['app']) => Promise<T>) {
  const store = await LanceIndexStore.open({ directory: indexDirectory });
  const built = await buildTestApp({ store, keys: [ADMIN_KEY], overrides: { maintenanceIdleMs: 0 } });
  try {
    return await work(built.app);
  } finally {
    await built.cleanup();
    await store.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-origins-'));
  indexDirectory = path.join(root, '.knowhow', 'index');
  await writeFile(path.join(root, 'knowhow.yaml'), 'project: origins\n');
  await mkdir(path.join(root, 'docs', 'sub'), { recursive: true });
  for (let i = 0; i < 10; i++)
    await writeFile(path.join(root, 'docs', `top-${i}.md`), `# Top ${i}\n\nRefund rule ${i}.`);
  for (let i = 0; i < 3; i++)
    await writeFile(path.join(root, 'docs', 'sub', `s-${i}.md`), `# Sub ${i}\n\nWebhook rule ${i}.`);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('document ids, origins and prune scope (real CLI)', () => {
  it('gives a file the same id whatever path is typed: `ingest docs/sub` after `ingest docs` duplicates nothing', async () => {
    expect(await ingest('docs')).toMatchObject({ added: 13 });
    // Before: docs/sub's files got new ids (s-0.md instead of sub/s-0.md): 16 documents.
    expect(await ingest('docs/sub')).toMatchObject({ added: 0, unchanged: 3, index: { documents: 13 } });
    const inside = await runCli(['ingest', '.', '--json'], { cwd: path.join(root, 'docs', 'sub') });
    expect(parseJson<Summary>(inside)).toMatchObject({ added: 0, unchanged: 3 });
    expect(await indexedIds()).toContain('sub/s-0.md');
  });

  it('`ingest docs/sub --prune` only considers documents under docs/sub', async () => {
    // Before: it deleted the 10 documents outside docs/sub.
    expect(await ingest('docs/sub', '--prune')).toMatchObject({ removed: 0, index: { documents: 13 } });
  });

  it('never prunes API uploads; DELETE /v1/documents/:id removes them', async () => {
    await withServer(async (app) => {
      const upload = await app.request(
        '/v1/ingest',
        postJson(
          { file: 'faq.jsonl', records: [{ id: 'r1', text: 'Uploaded answer about invoices.' }] },
          bearer(ADMIN_KEY),
        ),
      );
      expect(upload.status).toBe(200);
    });
    // Before: `ingest --prune` deleted every document uploaded through the API.
    expect(await ingest('docs', '--prune')).toMatchObject({ removed: 0, index: { documents: 14 } });
    expect(await indexedIds()).toContain('faq.jsonl#r1');
    await withServer(async (app) => {
      const removed = await app.request('/v1/documents/faq.jsonl%23r1', {
        method: 'DELETE',
        headers: bearer(ADMIN_KEY),
      });
      expect(removed.status).toBe(200);
      expect(await removed.json()).toMatchObject({
        object: 'document.deleted',
        id: 'faq.jsonl#r1',
        origin: 'api',
      });
      const again = await app.request('/v1/documents/faq.jsonl%23r1', {
        method: 'DELETE',
        headers: bearer(ADMIN_KEY),
      });
      expect(again.status).toBe(404);
    });
    expect(await indexedIds()).not.toContain('faq.jsonl#r1');
  });

  it('says which documents are no longer on disk, and prunes them only where asked', async () => {
    await rm(path.join(root, 'docs', 'top-0.md'));
    await rm(path.join(root, 'docs', 'sub', 's-0.md'));
    const plain = await runCli(['ingest', 'docs'], { cwd: root });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('2 document(s) no longer on disk: run with --prune to remove them');
    expect(await ingest('docs/sub', '--prune')).toMatchObject({ removed: 1, index: { documents: 12 } });
    expect(await ingest('docs', '--prune')).toMatchObject({ removed: 1, index: { documents: 11 } });
  });
});
