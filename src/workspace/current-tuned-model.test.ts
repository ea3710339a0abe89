import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../core/config/schema.js';
import { readTunedModels } from './current-tuned-model.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'knowhow-tuned-'));
});
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

const entry = (name: string, registeredAt: string) => ({
  name,
  kind: 'hosted',
  provider: 'openai-compatible',
  model: `ft:${name}`,
  baseURL: 'https://api.together.xyz/v1',
  apiKeyEnv: 'TOGETHER_API_KEY',
  datasetHash: 'abc',
  hyperparameters: {
    epochs: 3,
    learningRate: 0.0001,
    loraR: 16,
    loraAlpha: 32,
    loraDropout: 0.05,
    targetModules: ['q_proj'],
    microBatchSize: 1,
    gradientAccumulationSteps: 1,
    sequenceLength: 2048,
    warmupRatio: 0.03,
    seed: 1,
  },
  engine: 'together',
  registeredAt,
});

async function register(...models: ReturnType<typeof entry>[]) {
  await writeFile(path.join(dataDir, 'models.json'), JSON.stringify({ models }));
}

describe('the current tuned model', () => {
  it('is the newest registered model, unless knowhow.yaml pins one by name or names one outright', async () => {
    const config = configSchema.parse({});
    expect((await readTunedModels({ config, dataDir })).current).toBeUndefined();
    await register(entry('older', '2026-11-01T00:00:00Z'), entry('newer', '2026-11-02T00:00:00Z'));
    expect((await readTunedModels({ config, dataDir })).current).toMatchObject({
      name: 'newer',
      source: 'latest',
      reference: { provider: 'openai-compatible', model: 'ft:newer' },
    });
    const pinned = configSchema.parse({ models: { tuned: 'older' } });
    expect((await readTunedModels({ config: pinned, dataDir })).current).toMatchObject({
      name: 'older',
      source: 'pinned',
    });
    const outright = configSchema.parse({
      models: { tuned: { provider: 'llama-cpp', model: 'b.gguf', lora: 'a.gguf' } },
    });
    expect((await readTunedModels({ config: outright, dataDir })).current).toEqual({
      reference: { provider: 'llama-cpp', model: 'b.gguf', lora: 'a.gguf' },
      source: 'config',
      // No registry entry holds these weights: no groups known, so served as public data.
      groups: [],
    });
  });

  it('names the registered models when the pin names none of them', async () => {
    await register(entry('only', '2026-11-01T00:00:00Z'));
    const config = configSchema.parse({ models: { tuned: 'typo' } });
    await expect(readTunedModels({ config, dataDir })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('registered: only'),
    });
  });
});
