import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/run-cli.js';

let root: string;
let server: ChildProcess;
let url: string;
/** The server's last log lines, shown with any failed request (a 500 says only "the server logged it"). */
let serverLog = '';

async function searchDocumentIds(query: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, k: 20 }),
  });
  expect(response.status, serverLog).toBe(200);
  const body = (await response.json()) as { data: { document_id: string }[] };
  return body.data.map((hit) => hit.document_id);
}

/** Milliseconds until `check` holds, polling every 100 ms; fails past `limitMs`. */
async function millisecondsUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`not seen within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-serve-sees-'));
  await mkdir(path.join(root, 'docs'));
  await writeFile(path.join(root, 'knowhow.yaml'), 'project: live\n');
  await writeFile(path.join(root, 'docs', 'refunds.md'), '# Refunds\n\nRefunds are granted within 30 days.');
  await writeFile(
    path.join(root, 'docs', 'withdrawn.md'),
    '# Withdrawn\n\nThe zebra discount code is ZEBRA50.',
  );
  expect((await runCli(['ingest', 'docs'], { cwd: root })).code).toBe(0);
  server = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr?.on('data', (data: Buffer) => {
    serverLog = (serverLog + data.toString()).slice(-4000);
  });
  url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    server.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await rm(root, { recursive: true, force: true });
});

describe('a running `knowhow serve` and CLI ingests (real processes)', () => {
  it('stops serving a document pruned by the CLI within 2 s, and serves a new one within 2 s', async () => {
    expect(await searchDocumentIds('zebra discount')).toContain('withdrawn.md');

    await rm(path.join(root, 'docs', 'withdrawn.md'));
    expect((await runCli(['ingest', 'docs', '--prune'], { cwd: root })).code).toBe(0);
    // Before: still served until the server restarted.
    const gone = await millisecondsUntil(
      async () => !(await searchDocumentIds('zebra discount')).includes('withdrawn.md'),
      2000,
    );
    expect(gone).toBeLessThanOrEqual(2000);

    await writeFile(
      path.join(root, 'docs', 'okapi.md'),
      '# Okapi\n\nThe okapi plan includes priority support.',
    );
    expect((await runCli(['ingest', 'docs'], { cwd: root })).code).toBe(0);
    const appeared = await millisecondsUntil(
      async () => (await searchDocumentIds('okapi plan')).includes('okapi.md'),
      2000,
    );
    expect(appeared).toBeLessThanOrEqual(2000);
  }, 60_000);

  it('keeps serving through `ingest --rebuild`, then serves the rebuilt index', async () => {
    expect((await runCli(['ingest', 'docs', '--rebuild'], { cwd: root })).code).toBe(0);
    await millisecondsUntil(async () => (await searchDocumentIds('okapi plan')).includes('okapi.md'), 2000);
    expect(await searchDocumentIds('refunds granted')).toContain('refunds.md');
  }, 60_000);
});
