import { execFile } from 'node:child_process';
import { access, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type FineTuningServer,
  startFineTuningServer,
} from '../../src/tune/__fixtures__/fine-tuning-server.js';
import { axolotlConfigSchema } from '../../src/tune/axolotl-config.js';
import { checkDatasetText } from '../../src/tune/engine-dataset-rules.js';
import { registeredTunedModelRef } from '../../src/tune/model-registry.js';
import { chatMlTemplate, writeTinyLlamaGguf } from '../helpers/gguf/write-tiny-gguf.js';
import { parseJson, repositoryRoot, runCli } from '../helpers/run-cli.js';

/** `knowhow tune` end to end on a copy of examples/helpdesk, with Together played by a local server. */
const exec = promisify(execFile);
let root: string;
let project: string;
let server: FineTuningServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-tune-'));
  project = path.join(root, 'helpdesk');
  // Without any .knowhow a previous demo left in the example: the test starts from a clean project.
  await cp(path.join(repositoryRoot, 'examples', 'helpdesk'), project, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('.knowhow'),
  });
  server = await startFineTuningServer({ engine: 'together' });
});
afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

const model = 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference';

describe('knowhow tune (real CLI)', () => {
  it('prepare → launch --engine together → status → register', async () => {
    const help = await runCli(['tune', 'launch', '--help'], { cwd: project });
    expect(help.stdout).toContain('no new jobs after 2027-01-06');

    const prepared = await runCli(['tune', 'prepare', '--model', model, '--json'], { cwd: project });
    expect(prepared.code, prepared.stderr).toBe(0);
    const { datasetId, directory, dataCard } = parseJson<{
      datasetId: string;
      directory: string;
      dataCard: {
        counts: { train: number; clean: number };
        warnings: string[];
        sources: { casesUsed: number; fewShotUsed: number };
      };
    }>(prepared);
    expect(dataCard.counts.train).toBeGreaterThan(0);
    expect(dataCard.sources.casesUsed).toBeGreaterThan(0);
    expect(dataCard.sources.fewShotUsed).toBeGreaterThan(0);
    expect(dataCard.warnings.join(' ')).toContain('invest in prompting and RAG first');
    for (const file of [
      'train.jsonl',
      'validation.jsonl',
      'openai.jsonl',
      'together.jsonl',
      'axolotl.yaml',
      'train_lora.py',
      'train_config.json',
      'chat_template.jinja',
      'data-card.md',
      'data-card.json',
      'manifest.json',
    ]) {
      await access(path.join(directory, file));
    }
    expect(
      checkDatasetText(await readFile(path.join(directory, 'together.jsonl'), 'utf8'), 'together'),
    ).toEqual([]);
    axolotlConfigSchema.parse(parse(await readFile(path.join(directory, 'axolotl.yaml'), 'utf8')));
    await exec('python3', ['-m', 'py_compile', path.join(directory, 'train_lora.py')]);

    const env = { TOGETHER_API_KEY: 'test-key', KNOWHOW_TOGETHER_BASE_URL: server.url };
    const wrongKey = await runCli(['tune', 'launch', '--engine', 'together', '--json'], {
      cwd: project,
      env: { ...env, TOGETHER_API_KEY: 'expired' },
    });
    expect(wrongKey.code).toBe(7);
    expect(parseJson<{ error: { code: string; message: string } }>(wrongKey).error).toMatchObject({
      code: 'PROVIDER_AUTH',
      message: expect.stringContaining('expired or wrong'),
    });

    const launched = await runCli(
      ['tune', 'launch', '--engine', 'together', '--dataset', datasetId, '--json'],
      { cwd: project, env },
    );
    expect(launched.code, launched.stderr).toBe(0);
    const { job } = parseJson<{ job: { id: string; status: string; datasetId: string } }>(launched);
    expect(job).toMatchObject({ status: 'queued', datasetId });

    const status = await runCli(['tune', 'status', job.id, '--follow', '--interval', '0', '--json'], {
      cwd: project,
      env,
    });
    expect(status.code, status.stderr).toBe(0);
    const followed = parseJson<{ job: { status: string; resultModel: string }; progress: { loss?: number } }>(
      status,
    );
    expect(followed.job.status).toBe('succeeded');
    expect(followed.progress.loss).toBeGreaterThan(0);

    const registered = await runCli(
      ['tune', 'register', '--job', job.id, '--name', 'helpdesk-tuned', '--json'],
      { cwd: project, env },
    );
    expect(registered.code, registered.stderr).toBe(0);
    const models = JSON.parse(await readFile(path.join(project, '.knowhow', 'models.json'), 'utf8')) as {
      models: Record<string, unknown>[];
    };
    expect(models.models).toEqual([
      expect.objectContaining({
        name: 'helpdesk-tuned',
        kind: 'hosted',
        provider: 'openai-compatible',
        model: followed.job.resultModel,
        baseURL: server.url,
        apiKeyEnv: 'TOGETHER_API_KEY',
        jobId: job.id,
        engine: 'together',
      }),
    ]);
    expect(await registeredTunedModelRef(path.join(project, '.knowhow'))).toMatchObject({
      model: followed.job.resultModel,
    });

    const text = await runCli(['tune', 'status', job.id], { cwd: project, env });
    expect(text.stdout).toContain(`together job ${job.id}: succeeded (completed)`);
  }, 120_000);

  it('prepare on a local GGUF base counts tokens with its llama.cpp tokenizer and trains on its own chat template', async () => {
    const base = path.join(project, 'base.gguf');
    await writeTinyLlamaGguf({ path: base, chatTemplate: chatMlTemplate });
    const prepared = await runCli(['tune', 'prepare', '--model', 'base.gguf', '--json'], { cwd: project });
    expect(prepared.code, prepared.stderr).toBe(0);
    const { directory, dataCard } = parseJson<{
      directory: string;
      dataCard: { tokenCounter: string; chatTemplate: { name: string } };
    }>(prepared);
    expect(dataCard.tokenCounter).toBe(`llama.cpp tokenizer of ${base}`);
    expect(dataCard.chatTemplate.name).toBe(`${base} (tokenizer.chat_template)`);
    expect(await readFile(path.join(directory, 'chat_template.jinja'), 'utf8')).toBe(chatMlTemplate);
  }, 60_000);
});
