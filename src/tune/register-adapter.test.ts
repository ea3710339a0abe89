import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatMlTemplate,
  writeTinyLlamaGguf,
  writeTinyLoraGguf,
  writeTinyRerankerGguf,
} from '../../test/helpers/gguf/write-tiny-gguf.js';
import type { KnowhowError } from '../core/errors.js';
import { createLlamaCppLanguageModel } from '../providers/llama-cpp/index.js';
import { makeCase, makeExample } from './__fixtures__/make-cases.js';
import { resolveChatTemplate } from './chat-templates.js';
import { readModelRegistry, registeredTunedModelRef, tunedModelGroups } from './model-registry.js';
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
    // A model (registered or named in knowhow.yaml) finds its groups through the entry it matches.
    expect(
      tunedModelGroups(await readModelRegistry(dataDir), {
        provider: 'llama-cpp',
        model: base,
        lora: adapter,
      }),
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

  it('refuses an adapter whose tensor shapes do not fit the base model, naming the tensor, before anything is registered', async () => {
    const before = await readModelRegistry(dataDir);
    // Trained on a model with a hidden size of 32; the base here has 64.
    const narrow = path.join(dataDir, 'narrow-adapter.gguf');
    await writeTinyLoraGguf({ path: narrow, base: { embedding: 32 } });
    const error = await failureOf(
      registerAdapter({ dataDir, adapter: narrow, base, datasetId, name: 'narrow' }),
    );
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('does not fit the base model');
    expect(error.message).toContain('tensor blk.0.attn_q.weight is 64 × 64 in the base model');
    expect(error.message).toContain('and 13 more tensors');
    expect(error.details).toMatchObject({ tensor: 'blk.0.attn_q.weight' });
    expect(await readModelRegistry(dataDir)).toEqual(before);
  });

  it('refuses an adapter for a deeper model: the missing layer is named', async () => {
    const deep = path.join(dataDir, 'deep-adapter.gguf');
    await writeTinyLoraGguf({ path: deep, base: { layers: 3 } });
    const error = await failureOf(registerAdapter({ dataDir, adapter: deep, base, datasetId, name: 'deep' }));
    expect(error.message).toContain('tensor blk.2.attn_q.weight is not in the base model');
  });

  it('refuses an adapter trained with another vocabulary, saying so', async () => {
    const otherVocabulary = path.join(dataDir, 'other-vocabulary-adapter.gguf');
    await writeTinyLoraGguf({
      path: otherVocabulary,
      adaptOutput: true,
      base: { vocabulary: ['alpha', 'beta', 'gamma'] },
    });
    const error = await failureOf(
      registerAdapter({ dataDir, adapter: otherVocabulary, base, datasetId, name: 'vocabulary' }),
    );
    expect(error.message).toMatch(
      /tensor output\.weight is for a vocabulary of \d+ tokens, the base model's has \d+/,
    );
    expect(error.details).toMatchObject({ tensor: 'output.weight', vocabulary: true });
    // The same adapter shape over the matching vocabulary fits.
    const matching = path.join(dataDir, 'output-adapter.gguf');
    await writeTinyLoraGguf({ path: matching, adaptOutput: true });
    const registered = await registerAdapter({ dataDir, adapter: matching, base, datasetId, name: 'output' });
    expect(registered.entry.lora).toBe(matching);
  });

  it('refuses an adapter for another architecture', async () => {
    const qwen = path.join(dataDir, 'qwen-base.gguf');
    await writeTinyRerankerGguf({ path: qwen });
    const error = await failureOf(registerAdapter({ dataDir, adapter, base: qwen, datasetId, name: 'qwen' }));
    expect(error.message).toContain('architecture "llama" but the base model is "qwen3"');
  });
});
