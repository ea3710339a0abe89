import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrices } from '../core/default-prices.js';
import { lookUpTunedPrice } from '../core/price-lookup.js';
import { describeTunedModel } from './describe-tuned-model.js';
import { defaultHyperparameters } from './hyperparameters.js';
import { saveJob } from './jobs-store.js';
import { writeModelRegistry } from './model-registry.js';

let dataDir: string;
const tunedId = 'acme/Meta-Llama-3.1-8B-Instruct-Reference-support-1a2b3c';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  const hyperparameters = defaultHyperparameters(2048);
  await saveJob(dataDir, {
    id: 'ft-together-1',
    engine: 'together',
    datasetId: 'ds-1',
    datasetHash: 'h',
    baseModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
    hyperparameters,
    chatTemplate: { name: 'together-managed', sha256: 's', file: 'template.jinja' },
    systemPrompt: null,
    hybrid: false,
    status: 'succeeded',
    engineStatus: 'completed',
    createdAt: '2026-11-20T00:00:00Z',
    updatedAt: '2026-11-21T00:00:00Z',
    resultModel: tunedId,
  });
  await writeModelRegistry(dataDir, [
    {
      name: tunedId,
      kind: 'hosted',
      provider: 'openai-compatible',
      model: tunedId,
      datasetHash: 'h',
      groups: [],
      hyperparameters,
      jobId: 'ft-together-1',
      engine: 'together',
      registeredAt: '2026-11-21T00:00:00Z',
    },
  ]);
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('describeTunedModel', () => {
  it('finds the engine and base of a registered fine-tune, which prices it at its base model’s serverless price', async () => {
    const tunedFrom = await describeTunedModel(dataDir, `openai-compatible:${tunedId}`);
    expect(tunedFrom).toEqual({
      engine: 'together',
      baseModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
    });
    const match = lookUpTunedPrice(
      `openai-compatible:${tunedId}`,
      { config: { asOf: 'x', currency: 'USD', models: {} }, builtIn: defaultPrices },
      tunedFrom,
    );
    expect(match?.price.inputPerMillion).toBe(0.18);
    expect(match?.basis).toContain('Together serves LoRA fine-tunes');
  });

  it('knows nothing of a model that was not registered', async () => {
    expect(await describeTunedModel(dataDir, 'openai-compatible:gpt-4o')).toBeUndefined();
  });
});
