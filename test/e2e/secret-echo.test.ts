import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, type RecordedRequest, startFixtureServer } from '../helpers/fixture-server.js';
import { cliPath, runCli } from '../helpers/run-cli.js';

/**
 * An upstream that echoes the API key in every error body (401, 429, 500 and an error event
 * inside a stream), as misconfigured proxies and some gateways do. No output of eval, diagnose,
 * ask or serve, and no file they leave under .knowhow, may contain the key (issue 10, item 6).
 */

const MODEL_KEY = 'sk-echo-7Hq2LmZ9xVb4Wc8Rt1Yp';
const SERVE_KEY = 'kh-serve-Qz81Nc5Xw0Lm3Vb7';
const TOUCH_KEY_ENV = 'KNOWHOW_ECHO_TEST_KEY';

let root: string;
let project: string;
let upstream: FixtureServer;
let serveProcess: ChildProcess | undefined;

/** Every output, by name: CLI streams, API bodies, server logs. Files are read at the end. */
const outputs = new Map<string, string>();

function keyOf(request: RecordedRequest): string {
  return String(request.headers.authorization ?? '').replace(/^Bearer /, '');
}

let calls = 0;
function echo(request: RecordedRequest) {
  const key = keyOf(request);
  if ((request.body as { stream?: boolean } | undefined)?.stream) {
    return {
      events: `data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Re"}}]}\n\ndata: {"error":{"message":"upstream crashed while serving key ${key}","type":"server_error"}}\n\n`,
    };
  }
  const kind = calls++ % 3;
  if (kind === 0) {
    return {
      status: 401,
      json: { error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error' } },
    };
  }
  if (kind === 1) {
    // Long enough that a 200-character cut would fall inside the key if it were cut before redaction.
    return {
      status: 429,
      headers: { 'retry-after': '0' },
      json: { error: { message: `${'x'.repeat(190)} rate limit for ${key}`, type: 'rate_limit_exceeded' } },
    };
  }
  return { status: 500, body: `<html><title>500 for ${key}</title><body>key=${key}</body></html>` };
}

async function walk(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

async function cli(name: string, args: string[]): Promise<void> {
  const result = await runCli(args, { cwd: project, env: { [TOUCH_KEY_ENV]: MODEL_KEY } });
  outputs.set(`${name} stdout`, result.stdout);
  outputs.set(`${name} stderr`, result.stderr);
}

async function startServe(): Promise<string> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {
    cwd: project,
    env: {
      ...process.env,
      NO_COLOR: '1',
      [TOUCH_KEY_ENV]: MODEL_KEY,
      KNOWHOW_API_KEYS: `ops:${SERVE_KEY}:admin`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serveProcess = child;
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (data) => {
    stderr += data;
    outputs.set('serve stderr', stderr);
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (data) => {
      stdout += data;
      outputs.set('serve stdout', stdout);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-echo-'));
  project = path.join(root, 'echo');
  upstream = await startFixtureServer();
  upstream.reply('/v1/chat/completions', echo);
  await mkdir(path.join(project, 'docs'), { recursive: true });
  await mkdir(path.join(project, 'cases'), { recursive: true });
  await writeFile(
    path.join(project, 'knowhow.yaml'),
    [
      'project: echo',
      'models:',
      '  answer:',
      '    provider: openai-compatible',
      '    model: gpt-echo',
      `    baseURL: ${upstream.url}/v1`,
      `    apiKeyEnv: ${TOUCH_KEY_ENV}`,
      '    maxRetries: 0',
      '  cache: false',
      'eval:',
      '  variants: [prompt, rag]',
      '  concurrency: 1',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(project, 'docs', 'refunds.md'),
    '# Refunds\n\nRefunds are possible within 30 days.\n',
  );
  await writeFile(
    path.join(project, 'cases', 'basics.yaml'),
    ['refund window', 'refund approver', 'refund currency']
      .map((question, i) => `- id: c${i}\n  question: What is the ${question}?\n  answer: 30 days\n`)
      .join(''),
  );
  const ingest = await runCli(['ingest', '-q'], { cwd: project });
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  serveProcess?.kill('SIGTERM');
  await upstream.close();
  await rm(root, { recursive: true, force: true });
});

describe('an upstream that echoes the API key', () => {
  it('never shows the key: CLI output, API JSON, SSE, logs and every file under .knowhow', async () => {
    await cli('eval', ['eval']);
    await cli('eval --json', ['eval', '--json']);
    await cli('diagnose', ['diagnose']);
    await cli('diagnose --json', ['diagnose', '--json']);
    await cli('ask', ['ask', 'What is the refund window?']);
    await cli('ask --json', ['ask', 'What is the refund window?', '--json']);
    await cli('ask --no-stream', ['ask', 'Who approves refunds?', '--no-stream']);

    const url = await startServe();
    const headers = { authorization: `Bearer ${SERVE_KEY}`, 'content-type': 'application/json' };
    const chat = (extra: Record<string, unknown>) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          model: 'rag',
          messages: [{ role: 'user', content: 'refund window?' }],
          ...extra,
        }),
      });
    for (let i = 0; i < 3; i++) outputs.set(`API chat ${i}`, await (await chat({})).text());
    outputs.set('API chat stream (SSE)', await (await chat({ stream: true })).text());
    const runs = (await (await fetch(`${url}/v1/runs`, { headers })).json()) as { data: { id: string }[] };
    outputs.set('API runs', JSON.stringify(runs));
    for (const run of runs.data) {
      outputs.set(`API run ${run.id}`, await (await fetch(`${url}/v1/runs/${run.id}`, { headers })).text());
      outputs.set(
        `API run ${run.id} report.html`,
        await (await fetch(`${url}/v1/runs/${run.id}/report.html`, { headers })).text(),
      );
    }
    // A client that names a model by the server's own key gets it back redacted, not echoed.
    outputs.set('API unknown model', await (await chat({ model: SERVE_KEY })).text());

    // The upstream really did echo the key, in every kind of error the test means to cover.
    const statuses = new Set(upstream.requestsTo('/v1/chat/completions').map((request) => keyOf(request)));
    expect([...statuses]).toEqual([MODEL_KEY]);
    expect(calls).toBeGreaterThanOrEqual(12);

    const files = await walk(path.join(project, '.knowhow'));
    const fileTexts = await Promise.all(
      files.map(async (file) => [file, await readFile(file, 'latin1')] as const),
    );
    const leaks: string[] = [];
    let occurrences = 0;
    const scan = (name: string, text: string) => {
      const found = count(text, MODEL_KEY) + count(text, SERVE_KEY) + count(text, MODEL_KEY.slice(0, 12));
      occurrences += found;
      if (found > 0) leaks.push(`${name}: ${found}`);
    };
    for (const [name, text] of outputs) scan(name, text);
    for (const [file, text] of fileTexts) scan(path.relative(project, file), text);
    const summary = `${outputs.size} outputs and ${files.length} files under .knowhow checked; ${occurrences} occurrence(s) of a key in ${leaks.length}: ${leaks.join(', ') || 'none'}`;
    console.log(`echo-key run: ${summary}`);
    expect(leaks, summary).toEqual([]);
    // The errors still say what happened.
    expect(outputs.get('eval stdout')).toMatch(/VARIANT_FAILED/);
    expect(outputs.get('API chat stream (SSE)')).toMatch(/PROVIDER_UNAVAILABLE|upstream crashed/);
    expect(outputs.get('API chat stream (SSE)')).toContain('[redacted]');
  }, 180_000);
});
