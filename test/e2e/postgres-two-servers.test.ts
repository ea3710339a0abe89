import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines, type StoreHarness, startStoreHarness } from '../helpers/index-stores.js';
import { cliPath, parseJson, runCli } from '../helpers/run-cli.js';

/**
 * Many servers, one index (issue 12): two `knowhow serve` processes and the CLI on one PostgreSQL
 * database (PostgreSQL 15 in a throwaway cluster, and PGlite over the wire protocol). An ingest
 * made through either server or through the CLI is served by both at once: the first search after
 * the write returns it, no polling. Real processes, the built CLI (`npm run build` first).
 */

const ADMIN_KEY = 'sk-two-servers-admin-0123456789';

interface Server {
  process: ChildProcess;
  url: string;
}

function startServe(root: string, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise<Server>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ process: child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

async function stopServe(server: Server | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

async function search(server: Server, query: string): Promise<string[]> {
  const response = await fetch(`${server.url}/v1/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ query, k: 20 }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { document_id: string }[] };
  return body.data.map((hit) => hit.document_id);
}

async function upload(server: Server, name: string, text: string): Promise<void> {
  const form = new FormData();
  form.append('files', new Blob([text]), name);
  const response = await fetch(`${server.url}/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
    body: form,
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ added: 1, failed: 0 });
}

const engines = availableEngines(['postgres', 'pglite']);

describe.each(engines)('two `knowhow serve` processes on one %s database', (engine) => {
  let harness: StoreHarness;
  let root: string;
  let env: Record<string, string>;
  let first: Server | undefined;
  let second: Server | undefined;

  beforeAll(async () => {
    harness = await startStoreHarness(engine);
    root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-two-servers-'));
    await mkdir(path.join(root, 'docs'));
    await writeFile(
      path.join(root, 'knowhow.yaml'),
      [
        'project: shared',
        'index:',
        '  engine: postgres',
        `  schema: ${harness.freshName()}`,
        'serve:',
        '  keys:',
        '    - name: ops',
        '      keyEnv: KNOWHOW_E2E_ADMIN_KEY',
        '      groups: [admin]',
        '',
      ].join('\n'),
    );
    await writeFile(
      path.join(root, 'docs', 'refunds.md'),
      '# Refunds\n\nRefunds are granted within 30 days.',
    );
    // The database URL comes from the environment, as in production; knowhow.yaml names none.
    env = { KNOWHOW_DATABASE_URL: harness.url!, KNOWHOW_E2E_ADMIN_KEY: ADMIN_KEY };
    const ingested = await runCli(['ingest', 'docs', '--json'], { cwd: root, env });
    expect(ingested.code, ingested.stderr).toBe(0);
    [first, second] = await Promise.all([startServe(root, env), startServe(root, env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopServe(first), stopServe(second)]);
    await harness?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('both serve what the CLI ingested before they started', async () => {
    expect(await search(first!, 'refunds granted')).toContain('refunds.md');
    expect(await search(second!, 'refunds granted')).toContain('refunds.md');
  });

  it('an upload through either server is served by the other at once', async () => {
    await upload(first!, 'okapi.md', '# Okapi\n\nThe okapi plan includes priority support.');
    expect(await search(second!, 'okapi plan')).toContain('okapi.md');
    await upload(second!, 'zebra.md', '# Zebra\n\nThe zebra discount code is ZEBRA50.');
    expect(await search(first!, 'zebra discount')).toContain('zebra.md');
  }, 60_000);

  it('a CLI ingest and a CLI prune are served by both at once', async () => {
    await writeFile(
      path.join(root, 'docs', 'lisbon.md'),
      '# Shipping\n\nOrders ship from the Lisbon warehouse.',
    );
    expect((await runCli(['ingest', 'docs'], { cwd: root, env })).code).toBe(0);
    expect(await search(first!, 'lisbon warehouse')).toContain('lisbon.md');
    expect(await search(second!, 'lisbon warehouse')).toContain('lisbon.md');
    await rm(path.join(root, 'docs', 'lisbon.md'));
    expect((await runCli(['ingest', 'docs', '--prune'], { cwd: root, env })).code).toBe(0);
    expect(await search(first!, 'lisbon warehouse')).not.toContain('lisbon.md');
    expect(await search(second!, 'lisbon warehouse')).not.toContain('lisbon.md');
    // Uploads are never pruned by a files ingest.
    expect(await search(second!, 'okapi plan')).toContain('okapi.md');
  }, 60_000);

  it('`knowhow status` shows the engine, the server version and the sizes', async () => {
    const status = await runCli(['status', '--json'], { cwd: root, env });
    expect(status.code, status.stderr).toBe(0);
    const data = parseJson<{
      engine: string;
      documents: number;
      bytesOnDisk: number;
      server: { server: string; tableBytes: Record<string, number> };
    }>(status);
    expect(data.engine).toBe('postgres');
    expect(data.documents).toBe(3);
    expect(data.server.server).toMatch(/PostgreSQL \d+/);
    expect(data.server.tableBytes.postings).toBeGreaterThan(0);
    expect(data.bytesOnDisk).toBeGreaterThan(0);
    const text = await runCli(['status'], { cwd: root, env });
    expect(text.stdout).toMatch(/engine {6}postgres · PostgreSQL \d+/);
    // Without the variable: a clear error naming it, not a connection attempt somewhere.
    const unset = await runCli(['status'], { cwd: root, env: { KNOWHOW_DATABASE_URL: '' } });
    expect(unset.code).not.toBe(0);
    expect(unset.stderr).toContain('KNOWHOW_DATABASE_URL is not set');
  });

  it('`knowhow index copy --to <folder>` keeps every document, and `--from` it back rewrites none', async () => {
    const folder = path.join(root, 'lance-copy');
    const out = await runCli(['index', 'copy', '--to', folder, '--json'], { cwd: root, env });
    expect(out.code, out.stderr).toBe(0);
    expect(parseJson(out)).toMatchObject({ documents: 3, deleted: 0 });
    const back = await runCli(['index', 'copy', '--from', folder, '--json'], {
      cwd: root,
      env: { ...env, KNOWHOW_DATABASE_URL: harness.url! },
    });
    // Into this project's own schema, which already holds the same documents: nothing to write.
    expect(back.code, back.stderr).toBe(0);
    expect(parseJson(back)).toMatchObject({ documents: 0, skipped: 3, deleted: 0 });
    expect(await search(first!, 'zebra discount')).toContain('zebra.md');
  }, 60_000);
});
