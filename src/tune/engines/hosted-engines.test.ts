import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KnowhowError } from '../../core/errors.js';
import { type FineTuningServer, startFineTuningServer } from '../__fixtures__/fine-tuning-server.js';
import { defaultHyperparameters } from '../hyperparameters.js';
import { createOpenAiEngine } from './openai.js';
import { createTogetherEngine } from './together.js';
import type { TuneEngine } from './tune-engine.js';

let directory: string;
let server: FineTuningServer | undefined;
const line = (question: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: question },
      { role: 'assistant', content: 'An answer.' },
    ],
  });

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(directory, { recursive: true, force: true });
});

async function writeDataset(lines: string[]): Promise<string> {
  const file = path.join(directory, 'train.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

const failureOf = async (promise: Promise<unknown>) =>
  (await promise.then(
    () => undefined,
    (error: unknown) => error,
  )) as KnowhowError;
const env = { TEST_KEY: 'test-key' };
const noWait = async () => {};
const hyperparameters = defaultHyperparameters(4096);
const twelveExamples = Array.from({ length: 12 }, (_, i) => line(`Question ${i}?`));

type Sleep = (ms: number) => Promise<void>;
const engines: [string, (url: string, key?: Record<string, string>, sleep?: Sleep) => TuneEngine, string][] =
  [
    [
      'openai',
      (url, e = env, sleep = noWait) =>
        createOpenAiEngine({
          baseURL: url,
          apiKeyEnv: 'TEST_KEY',
          env: e,
          sleep,
          now: () => new Date('2026-11-22T00:00:00Z'),
        }),
      'gpt-4o-mini-2024-07-18',
    ],
    [
      'together',
      (url, e = env, sleep = noWait) =>
        createTogetherEngine({ baseURL: url, apiKeyEnv: 'TEST_KEY', env: e, sleep }),
      'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
    ],
  ];

describe.each(engines)('%s engine over HTTP', (name, create, model) => {
  const start = (options: { outcome?: 'succeed' | 'fail'; supportedModels?: string[] } = {}) =>
    startFineTuningServer({ engine: name as 'openai' | 'together', ...options }).then((started) => {
      server = started;
      return started;
    });

  it('uploads, creates a job, follows it through its statuses to the tuned model id, with loss from events', async () => {
    const fixture = await start();
    const engine = create(fixture.url);
    const { fileId } = await engine.uploadFile({
      file: await writeDataset(twelveExamples),
      purpose: 'train',
    });
    const upload = fixture.calls[0]!;
    expect(upload.form).toMatchObject({
      purpose: 'fine-tune',
      file: '<file train.jsonl>',
      ...(name === 'together' ? { file_name: 'train.jsonl', file_type: 'jsonl' } : {}),
    });
    const created = await engine.createJob({
      model,
      trainingFileId: fileId,
      hyperparameters,
      suffix: 'knowhow',
      datasetDirectory: directory,
    });
    expect(created.status).toBe('queued');
    const seen: string[] = [];
    let job = created;
    while (job.status !== 'succeeded') {
      job = await engine.getJob(created.id);
      seen.push(job.engineStatus);
      expect(seen.length).toBeLessThan(10);
    }
    expect(seen).toEqual(
      name === 'openai'
        ? ['queued', 'running', 'running', 'succeeded']
        : ['queued', 'running', 'compressing', 'uploading', 'completed'],
    );
    expect(job.resultModel).toMatch(name === 'openai' ? /^ft:gpt-4o-mini/ : /^knowhow\//);
    const events = await engine.listEvents(created.id);
    const losses = events.filter((event) => event.loss !== undefined);
    expect(losses.length).toBeGreaterThan(0);
    expect(losses[0]!.step).toBeGreaterThan(0);
    if (name === 'together') {
      expect(fixture.calls.find((call) => call.path === '/v1/fine-tunes')?.json).toMatchObject({
        training_type: {
          type: 'Lora',
          lora_r: 16,
          lora_alpha: 32,
          lora_trainable_modules: 'q_proj,k_proj,v_proj,o_proj',
        },
        training_method: { method: 'sft', train_on_inputs: false },
        n_epochs: 3,
      });
    } else {
      expect(fixture.calls.find((call) => call.path === '/v1/fine_tuning/jobs')?.json).toMatchObject({
        method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
      });
    }
  });

  it('reports a job that fails remotely with the engine’s own reason', async () => {
    const fixture = await start({ outcome: 'fail' });
    const engine = create(fixture.url);
    const { fileId } = await engine.uploadFile({
      file: await writeDataset(twelveExamples),
      purpose: 'train',
    });
    const created = await engine.createJob({
      model,
      trainingFileId: fileId,
      hyperparameters,
      datasetDirectory: directory,
    });
    let job = created;
    for (let i = 0; i < 5 && job.status !== 'failed'; i++) job = await engine.getJob(created.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('CUDA out of memory while training step 12');
  });

  it('cancels a running job, and reports the engine refusing to cancel a finished one', async () => {
    const fixture = await start();
    const engine = create(fixture.url);
    const { fileId } = await engine.uploadFile({
      file: await writeDataset(twelveExamples),
      purpose: 'train',
    });
    const created = await engine.createJob({
      model,
      trainingFileId: fileId,
      hyperparameters,
      datasetDirectory: directory,
    });
    await engine.getJob(created.id);
    expect((await engine.cancelJob(created.id)).status).toBe('cancelled');
    const error = await failureOf(engine.cancelJob(created.id));
    expect(error.code).toBe('TUNE_FAILED');
    expect(error.message).toContain('cannot be cancelled');
  });

  it('turns a file validation error into TUNE_FAILED with the engine’s message', async () => {
    const fixture = await start();
    const bad = JSON.stringify({ messages: [{ role: 'bot', content: 'hi' }] });
    const error = await failureOf(
      create(fixture.url).uploadFile({ file: await writeDataset([line('ok?'), bad]), purpose: 'train' }),
    );
    expect(error.code).toBe('TUNE_FAILED');
    expect(error.message).toContain('Line 2: unrecognized role "bot"');
  });

  it('turns a rejected job into TUNE_FAILED naming the engine’s reason', async () => {
    const fixture = await start({ supportedModels: ['some-other-model'] });
    const engine = create(fixture.url);
    const { fileId } = await engine.uploadFile({
      file: await writeDataset(twelveExamples),
      purpose: 'train',
    });
    const error = await failureOf(
      engine.createJob({ model, trainingFileId: fileId, hyperparameters, datasetDirectory: directory }),
    );
    expect(error.code).toBe('TUNE_FAILED');
    expect(error.message).toContain(`Model ${model} is not available for fine-tuning`);
  });

  it('retries a rate-limited read after the Retry-After the server sent (shared provider layer), and never retries a write', async () => {
    const fixture = await start();
    const waits: number[] = [];
    const engine = create(fixture.url, env, async (ms) => {
      waits.push(ms);
    });
    const { fileId } = await engine.uploadFile({
      file: await writeDataset(twelveExamples),
      purpose: 'train',
    });
    const created = await engine.createJob({
      model,
      trainingFileId: fileId,
      hyperparameters,
      suffix: 'knowhow',
      datasetDirectory: directory,
    });
    fixture.rateLimitNext(2, 7);
    const callsBefore = fixture.calls.length;
    const job = await engine.getJob(created.id);
    expect(job.id).toBe(created.id);
    // Two 429s, each followed by exactly the wait the server asked for, then the answer.
    expect(waits).toEqual([7000, 7000]);
    expect(fixture.calls.length - callsBefore).toBe(3);

    fixture.rateLimitNext(1, 7);
    const error = await failureOf(engine.cancelJob(created.id));
    expect(error.code).toBe('PROVIDER_RATE_LIMIT');
    expect(error.details).toMatchObject({ retryAfterMs: 7000 });
    expect(waits).toHaveLength(2);
  });

  it('says an expired or wrong key is expired or wrong (401 → PROVIDER_AUTH)', async () => {
    const fixture = await start();
    const error = await failureOf(create(fixture.url, { TEST_KEY: 'expired' }).getJob('job-1'));
    expect(error.code).toBe('PROVIDER_AUTH');
    expect(error.message).toContain('rejected the API key in TEST_KEY');
    expect(error.message).toContain('expired or wrong');
    expect(error.hint).toContain('export TEST_KEY=');
  });

  it('names the missing key variable before any request (PROVIDER_CONFIG)', async () => {
    const fixture = await start();
    const error = await failureOf(create(fixture.url, {}).getJob('job-1'));
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.message).toContain('TEST_KEY is not set');
    expect(fixture.calls).toHaveLength(0);
  });

  it('says a job id is unknown (404 → INPUT_NOT_FOUND)', async () => {
    const fixture = await start();
    const error = await failureOf(create(fixture.url).getJob('nope'));
    expect(error.code).toBe('INPUT_NOT_FOUND');
    expect(error.message).toContain('no fine-tuning job "nope"');
  });
});

describe('OpenAI closing date', () => {
  it('warns before 2027-01-06 and refuses new jobs after it, suggesting Together or local', async () => {
    server = await startFineTuningServer({ engine: 'openai' });
    const warnings: string[] = [];
    const before = createOpenAiEngine({
      baseURL: server.url,
      apiKeyEnv: 'TEST_KEY',
      env,
      now: () => new Date('2027-01-06T12:00:00Z'),
      onWarning: (w) => warnings.push(w),
    });
    const { fileId } = await before.uploadFile({
      file: await writeDataset(twelveExamples),
      purpose: 'train',
    });
    await before.createJob({
      model: 'gpt-4o-mini-2024-07-18',
      trainingFileId: fileId,
      hyperparameters,
      datasetDirectory: directory,
    });
    expect(warnings[0]).toContain('no new jobs after 2027-01-06');
    const after = createOpenAiEngine({
      baseURL: server.url,
      apiKeyEnv: 'TEST_KEY',
      env,
      now: () => new Date('2027-01-07T00:00:01Z'),
    });
    const callsBefore = server.calls.length;
    const error = await failureOf(
      after.createJob({
        model: 'gpt-4o-mini-2024-07-18',
        trainingFileId: fileId,
        hyperparameters,
        datasetDirectory: directory,
      }),
    );
    expect(error.code).toBe('TUNE_FAILED');
    expect(error.hint).toContain('--engine together');
    expect(server.calls.length).toBe(callsBefore);
  });
});
