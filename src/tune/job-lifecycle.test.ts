import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KnowhowError } from '../core/errors.js';
import { type FineTuningServer, startFineTuningServer } from './__fixtures__/fine-tuning-server.js';
import { makeCase, makeExample } from './__fixtures__/make-cases.js';
import { resolveChatTemplate } from './chat-templates.js';
import { createOpenAiEngine } from './engines/openai.js';
import { createTogetherEngine } from './engines/together.js';
import { cancelJob, followJob } from './follow-job.js';
import { readJobs } from './jobs-store.js';
import { launchJob } from './launch-job.js';
import { readModelRegistry, registeredTunedModelRef } from './model-registry.js';
import { prepareDataset } from './prepare-dataset.js';
import { registerHostedJob } from './register-model.js';
import { tunePaths } from './tune-paths.js';

let dataDir: string;
let server: FineTuningServer | undefined;
const env = { TOGETHER_API_KEY: 'test-key', OPENAI_API_KEY: 'test-key' };
const failureOf = async (promise: Promise<unknown>) =>
  (await promise.then(
    () => undefined,
    (error: unknown) => error,
  )) as KnowhowError;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

async function prepare(count = 12) {
  return prepareDataset({
    dataDir,
    cases: [makeCase({ id: 'eval-1', question: 'What is the eval question about webhooks?' })],
    feedback: [],
    examples: Array.from({ length: count }, (_, i) =>
      makeExample(
        `Distinct question number ${i} about topic ${i * 7}?`,
        `Answer ${i}.`,
        [i % 2 ? 'a' : 'b'],
        i + 1,
      ),
    ),
    baseModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
    chatTemplate: await resolveChatTemplate(undefined, dataDir),
  });
}

describe('launch → status → register (Together over HTTP)', () => {
  it('records the job, follows it to completion with loss, and registers the model', async () => {
    server = await startFineTuningServer({ engine: 'together' });
    const prepared = await prepare();
    const engine = createTogetherEngine({ baseURL: server.url, env });
    const record = await launchJob({ dataDir, engine, baseURL: server.url, apiKeyEnv: 'TOGETHER_API_KEY' });
    expect(record).toMatchObject({
      engine: 'together',
      datasetId: prepared.datasetId,
      datasetHash: prepared.dataCard.datasetHash,
      status: 'queued',
    });
    expect(server.calls.filter((call) => call.path === '/v1/files/upload')).toHaveLength(2);

    const updates: string[] = [];
    const followed = await followJob({
      dataDir,
      engine,
      follow: true,
      intervalMs: 0,
      onUpdate: (job) => updates.push(job.engineStatus),
    });
    expect(followed.record.status).toBe('succeeded');
    expect(updates.at(-1)).toBe('completed');
    expect(followed.progress.loss).toBeGreaterThan(0);
    expect((await readJobs(dataDir))[0]).toMatchObject({
      status: 'succeeded',
      lastLoss: followed.progress.loss,
    });

    const registered = await registerHostedJob({ dataDir, engine, name: 'helpdesk-v1', costUsd: 4.2 });
    expect(registered.entry).toMatchObject({
      name: 'helpdesk-v1',
      kind: 'hosted',
      provider: 'openai-compatible',
      baseURL: server.url,
      apiKeyEnv: 'TOGETHER_API_KEY',
      datasetHash: prepared.dataCard.datasetHash,
      costUsd: 4.2,
      engine: 'together',
      jobId: record.id,
    });
    expect(registered.entry.model).toMatch(/^knowhow\//);
    expect(await registeredTunedModelRef(dataDir)).toEqual({
      provider: 'openai-compatible',
      model: registered.entry.model,
      baseURL: server.url,
      apiKeyEnv: 'TOGETHER_API_KEY',
    });
  });

  it('registers nothing for a job that failed remotely, and says why', async () => {
    server = await startFineTuningServer({ engine: 'together', outcome: 'fail' });
    await prepare();
    const engine = createTogetherEngine({ baseURL: server.url, env });
    await launchJob({ dataDir, engine });
    const followed = await followJob({ dataDir, engine, follow: true, intervalMs: 0 });
    expect(followed.record).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('CUDA out of memory'),
    });
    const error = await failureOf(registerHostedJob({ dataDir, engine }));
    expect(error.code).toBe('TUNE_FAILED');
    expect(error.message).toContain('failed: CUDA out of memory');
    expect(error.message).toContain('nothing was registered');
    await expect(readFile(tunePaths.models(dataDir), 'utf8')).rejects.toThrow();
  });

  it('registers nothing while the job still runs, and cancels it', async () => {
    server = await startFineTuningServer({ engine: 'together' });
    await prepare();
    const engine = createTogetherEngine({ baseURL: server.url, env });
    const record = await launchJob({ dataDir, engine });
    const error = await failureOf(registerHostedJob({ dataDir, engine, jobId: record.id }));
    expect(error.code).toBe('USAGE');
    expect(error.hint).toContain('--follow');
    expect(await readModelRegistry(dataDir)).toEqual([]);
    expect((await cancelJob({ dataDir, engine, jobId: record.id })).status).toBe('cancelled');
  });
});

describe('launch checks the dataset against the engine’s rules before uploading', () => {
  it('refuses an OpenAI launch with fewer than 10 examples without sending anything', async () => {
    server = await startFineTuningServer({ engine: 'openai' });
    await prepare(5);
    const engine = createOpenAiEngine({
      baseURL: server.url,
      env,
      now: () => new Date('2026-11-22T00:00:00Z'),
    });
    const error = await failureOf(launchJob({ dataDir, engine }));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('openai needs at least 10');
    expect(server.calls).toHaveLength(0);
    expect(await readJobs(dataDir)).toEqual([]);
  });
});
