import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatMlTemplate,
  writeTinyLlamaGguf,
  writeTinyLoraGguf,
} from '../../test/helpers/gguf/write-tiny-gguf.js';
import type { KnowhowError } from '../core/errors.js';
import { createLlamaCppLanguageModel } from '../providers/llama-cpp/index.js';
import { makeCase, makeExample } from './__fixtures__/make-cases.js';
import { resolveChatTemplate } from './chat-templates.js';
import { readModelRegistry, registeredTunedModelRef, resolveTunedModel } from './model-registry.js';
import { prepareDataset } from './prepare-dataset.js';
import { registerAdapter } from './register-model.js';
import { tunePaths } from './tune-paths.js';

let dataDir: string;
let base: string;
let adapter: string;
let datasetId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
  base = path.join(dataDir, 'base.gguf');
  adapter = path.join(dataDir, 'adapter.gguf');
  await writeTinyLlamaGguf({ path: base, chatTemplate: chatMlTemplate });
  await writeTinyLoraGguf({ path: adapter });
  // The training template is the base model's own: what registering checks.
  const templateFile = path.join(dataDir, 'template.jinja');
  await writeFile(templateFile, chatMlTemplate);
  const prepared = await prepareDataset({
    dataDir,
    cases: [],
    feedback: [],
    examples: [
      makeExample('Where are invoices?', 'In Settings.'),
      makeExample('How do refunds work?', 'Within 30 days.'),
    ],
    baseModel: base,
    chatTemplate: await resolveChatTemplate(templateFile, dataDir),
  });
  datasetId = prepared.datasetId;
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const failureOf = async (promise: Promise<unknown>) =>
  (await promise.then(
    () => undefined,
    (error: unknown) => error,
  )) as KnowhowError;

describe('registerAdapter', () => {
  it('registers a GGUF base + LoRA adapter that the llama-cpp provider loads and runs', async () => {
    const result = await registerAdapter({
      dataDir,
      adapter,
      base,
      datasetId,
      name: 'tiny-lora',
      now: () => new Date('2026-11-22T00:00:00Z'),
    });
    expect(result.entry).toMatchObject({
      name: 'tiny-lora',
      kind: 'adapter',
      provider: 'llama-cpp',
      model: base,
      lora: adapter,
      engine: 'local',
      datasetId,
    });
    expect(result.warnings).toEqual([]);
    const ref = await registeredTunedModelRef(dataDir);
    expect(ref).toEqual({ provider: 'llama-cpp', model: base, lora: adapter });
    const model = createLlamaCppLanguageModel({
      model: ref!.model,
      lora: ref!.lora!,
      contextSize: 512,
      threads: 1,
      gpu: false,
    });
    try {
      const answer = await model.doGenerate({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 4 });
      expect(answer.usage.completionTokens).toBeGreaterThan(0);
    } finally {
      await model.dispose();
    }
  }, 60_000);

  it('refuses a base model whose chat template differs from the training template, leaving the registry as it was', async () => {
    const other = path.join(dataDir, 'other-template.gguf');
    await writeTinyLlamaGguf({ path: other, chatTemplate: `{{ 'X' }}${chatMlTemplate}` });
    const before = await readFile(tunePaths.models(dataDir), 'utf8');
    const error = await failureOf(
      registerAdapter({ dataDir, adapter, base: other, datasetId, name: 'mismatch' }),
    );
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('differs from the one the adapter was trained with');
    expect(error.message).toContain('Nothing was registered');
    expect(await readFile(tunePaths.models(dataDir), 'utf8')).toBe(before);
    const forced = await registerAdapter({
      dataDir,
      adapter,
      base: other,
      datasetId,
      name: 'mismatch',
      allowTemplateMismatch: true,
    });
    expect(forced.warnings[0]).toContain('garbage output');
  });

  it('records the groups its training data came from, which serve then requires of a key', async () => {
    const templateFile = path.join(dataDir, 'template.jinja');
    const restricted = await prepareDataset({
      dataDir,
      cases: [
        makeCase({
          id: 'runbook',
          question: 'Who handles disputed refunds after hours?',
          answer: 'The on-call support lead.',
          split: 'train',
          user: { groups: ['support'] },
        }),
      ],
      feedback: [],
      examples: [makeExample('Where are invoices?', 'In Settings.')],
      baseModel: base,
      chatTemplate: await resolveChatTemplate(templateFile, dataDir),
      includeGroups: ['support'],
    });
    expect(restricted.manifest.groups).toEqual(['support']);
    const result = await registerAdapter({
      dataDir,
      adapter,
      base,
      datasetId: restricted.datasetId,
      name: 'support-lora',
      now: () => new Date('2099-01-01T00:00:00Z'),
    });
    expect(result.entry.groups).toEqual(['support']);
    // The newest entry is what serve offers when models.tuned is not set; its groups come along.
    expect(await resolveTunedModel(dataDir, undefined)).toMatchObject({
      ref: { provider: 'llama-cpp', model: base, lora: adapter },
      groups: ['support'],
    });
    // An explicitly configured model finds its groups through the registry entry it matches.
    expect(
      (await resolveTunedModel(dataDir, { provider: 'llama-cpp', model: base, lora: adapter }))?.groups,
    ).toEqual(['support']);
    // Entries registered before groups existed read as public.
    expect((await readModelRegistry(dataDir)).find((entry) => entry.name === 'tiny-lora')?.groups).toEqual(
      [],
    );
  });

  it('refuses files that are not what they claim, with nothing half-registered', async () => {
    const count = (await readModelRegistry(dataDir)).length;
    const error = await failureOf(registerAdapter({ dataDir, adapter: base, base, datasetId }));
    expect(error.message).toContain('not a LoRA adapter');
    const notGguf = path.join(dataDir, 'notes.txt');
    await writeFile(notGguf, 'hello');
    expect(
      (await failureOf(registerAdapter({ dataDir, adapter: notGguf, base, datasetId }))).message,
    ).toContain('is not a GGUF file');
    expect(
      (
        await failureOf(
          registerAdapter({ dataDir, adapter: path.join(dataDir, 'nope.gguf'), base, datasetId }),
        )
      ).code,
    ).toBe('INPUT_NOT_FOUND');
    expect((await failureOf(registerAdapter({ dataDir, adapter, base }))).code).toBe('USAGE');
    expect(await readModelRegistry(dataDir)).toHaveLength(count);
  });
});
