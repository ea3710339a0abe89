import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMlTemplate, writeTinyLlamaGguf, writeTinyLoraGguf } from '../helpers/gguf/write-tiny-gguf.js';
import { cliPath, parseJson, repositoryRoot, runCli } from '../helpers/run-cli.js';

/**
 * Issue 11: a registered tuned model was seen by eval but never served. The registry is now the
 * one source of truth: `tune register` → `knowhow models` marks it current → `knowhow serve`
 * offers `tuned` and `hybrid`, asked here through the official openai SDK (tiny GGUF base + LoRA,
 * so the answers are gibberish; the point is that every step is real).
 */
let root: string;
let project: string;
let server: ChildProcess | undefined;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-tuned-'));
  project = path.join(root, 'helpdesk');
  await cp(path.join(repositoryRoot, 'examples', 'helpdesk'), project, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('.knowhow'),
  });
  await writeTinyLlamaGguf({
    path: path.join(project, 'base.gguf'),
    chatTemplate: chatMlTemplate,
    contextLength: 2048,
  });
  await writeTinyLoraGguf({ path: path.join(project, 'adapter.gguf') });
}, 60_000);
afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await rm(root, { recursive: true, force: true });
});

/** `knowhow serve --port 0 --json` prints one JSON line with its URL once it listens. */
function startServe(cwd: string): Promise<{ child: ChildProcess; url: string; models: string[] }> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', KNOWHOW_LLAMA_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (data: Buffer) => {
      stdout += data.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; models: string[] }) });
    });
    child.once('exit', (code) => reject(new Error(`knowhow serve exited with ${code}: ${stderr}`)));
  });
}

describe('tune register → knowhow models → knowhow serve (tuned and hybrid through the openai SDK)', () => {
  it('serves the registered adapter as tuned and hybrid', async () => {
    const before = parseJson<{ current: unknown; models: unknown[] }>(
      await runCli(['models', '--json'], { cwd: project }),
    );
    expect(before).toMatchObject({ current: null, models: [] });

    const prepared = await runCli(['tune', 'prepare', '--model', 'base.gguf', '--json'], { cwd: project });
    expect(prepared.code, prepared.stderr).toBe(0);
    const { datasetId } = parseJson<{ datasetId: string }>(prepared);
    const registered = await runCli(
      [
        'tune',
        'register',
        '--adapter',
        'adapter.gguf',
        '--base',
        'base.gguf',
        '--dataset',
        datasetId,
        '--name',
        'tiny-tuned',
        '--json',
      ],
      { cwd: project },
    );
    expect(registered.code, registered.stderr).toBe(0);

    const listed = await runCli(['models'], { cwd: project });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^\*\s+tiny-tuned\s+adapter\s+local\s+llama-cpp:/m);
    expect(listed.stdout).toContain('Current: tiny-tuned (the newest registered');

    const started = await startServe(project);
    server = started.child;
    expect(started.models).toEqual(['rag', 'prompt', 'long-context', 'tuned', 'hybrid']);
    const client = new OpenAI({ baseURL: `${started.url}/v1`, apiKey: 'local', maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual([
      'rag',
      'prompt',
      'long-context',
      'tuned',
      'hybrid',
    ]);
    for (const model of ['tuned', 'hybrid']) {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'How long do customers have to ask for a refund?' }],
        max_tokens: 4,
      });
      expect(completion.model).toBe(model);
      expect(completion.choices[0]?.message.role).toBe('assistant');
    }
  }, 180_000);

  it('knowhow.yaml pins a registered model by name, and names the registered ones when the pin is wrong', async () => {
    const file = path.join(project, 'knowhow.yaml');
    const config = await readFile(file, 'utf8');
    await writeFile(file, `${config}\nmodels:\n  tuned: not-registered\n`);
    const wrong = await runCli(['models', '--json'], { cwd: project });
    expect(wrong.code).toBe(3);
    expect(parseJson<{ error: { code: string; message: string } }>(wrong).error).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('registered: tiny-tuned'),
    });
    await writeFile(file, `${config}\nmodels:\n  tuned: tiny-tuned\n`);
    const pinned = parseJson<{ current: { name: string; source: string } }>(
      await runCli(['models', '--json'], { cwd: project }),
    );
    expect(pinned.current).toMatchObject({ name: 'tiny-tuned', source: 'pinned' });
    await writeFile(file, config);
  }, 60_000);
});
