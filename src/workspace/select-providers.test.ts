import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../core/config/schema.js';
import { providersFor } from '../providers/registry.js';
import {
  createAnswerModel,
  createEmbedder,
  createJudgeModel,
  createProviderContext,
  createReranker,
  listProviders,
} from './select-providers.js';

const contextFor = (models: Record<string, unknown>) =>
  createProviderContext({
    config: configSchema.parse({ models: { cache: false, ...models } }),
    root: os.tmpdir(),
    responseCacheDirectory: path.join(os.tmpdir(), 'knowhow-unused-cache'),
  });

describe('models built through the provider registry', () => {
  it('answers extractively when no model is configured; an extractive judge is no judge', async () => {
    const answer = await createAnswerModel(contextFor({}));
    expect(answer.capabilities.extractive).toBe(true);
    expect(
      await createJudgeModel(contextFor({ judge: { provider: 'extractive', model: 'x' } })),
    ).toBeUndefined();
  });

  it('wraps a remote model in the shared layer under its knowhow.yaml section', async () => {
    const model = await createAnswerModel(
      contextFor({
        answer: { provider: 'openai-compatible', model: 'gpt-4o-mini', baseURL: 'http://127.0.0.1:9/v1' },
      }),
    );
    expect(model).toMatchObject({ provider: 'openai-compatible', modelId: 'gpt-4o-mini' });
  });

  it('says which providers can embed or rerank when the configured one cannot', async () => {
    await expect(
      createEmbedder(contextFor({ embed: { provider: 'anthropic', model: 'claude' } })),
    ).rejects.toMatchObject({
      code: 'PROVIDER_CONFIG',
      message: 'models.embed: provider "anthropic" cannot embed text.',
      // The registry's list, so that a new provider that can embed needs no edit here.
      hint: `Use ${listProviders(providersFor('embeddingModel'))} for models.embed.`,
    });
    await expect(
      createReranker(contextFor({ rerank: { provider: 'extractive', model: 'x' } })),
    ).rejects.toMatchObject({
      code: 'PROVIDER_CONFIG',
      hint: `Use ${listProviders(providersFor('reranker'))} for models.rerank.`,
    });
    expect(providersFor('embeddingModel')).toEqual(
      expect.arrayContaining(['openai-compatible', 'llama-cpp']),
    );
    expect(providersFor('reranker')).toEqual(expect.arrayContaining(['openai-compatible', 'llama-cpp']));
    expect([...providersFor('embeddingModel'), ...providersFor('reranker')]).not.toContain('anthropic');
  });

  it('lists two providers with "or" and more with commas first', () => {
    expect(listProviders(['openai-compatible', 'llama-cpp'])).toBe('openai-compatible or llama-cpp');
    expect(listProviders(['openai-compatible', 'mistral', 'llama-cpp'])).toBe(
      'openai-compatible, mistral or llama-cpp',
    );
  });
});
