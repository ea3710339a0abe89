import { describe, expect, it } from 'vitest';
import { providerNames } from '../providers/registry.js';
import { answerModelFromEnvironment } from './answer-model-from-environment.js';

describe('answerModelFromEnvironment (the demo’s KNOWHOW_ANSWER_*)', () => {
  it('builds models.answer from the variables, openai-compatible by default', () => {
    expect(answerModelFromEnvironment({})).toBeUndefined();
    expect(
      answerModelFromEnvironment({
        KNOWHOW_ANSWER_MODEL: 'qwen',
        KNOWHOW_ANSWER_BASE_URL: 'http://127.0.0.1:11434/v1',
        KNOWHOW_ANSWER_API_KEY_ENV: 'OLLAMA_KEY',
      }),
    ).toEqual({
      provider: 'openai-compatible',
      model: 'qwen',
      baseURL: 'http://127.0.0.1:11434/v1',
      apiKeyEnv: 'OLLAMA_KEY',
    });
  });

  it('refuses an unknown provider with the variable and the registry’s providers', () => {
    expect(() =>
      answerModelFromEnvironment({ KNOWHOW_ANSWER_MODEL: 'm', KNOWHOW_ANSWER_PROVIDER: 'foo' }),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: `KNOWHOW_ANSWER_PROVIDER="foo" is not a provider. Allowed: ${providerNames.join(', ')}.`,
      }),
    );
  });

  it('refuses a setting the provider does not read, and a base URL that is not one', () => {
    expect(() =>
      answerModelFromEnvironment({
        KNOWHOW_ANSWER_MODEL: 'm.gguf',
        KNOWHOW_ANSWER_PROVIDER: 'llama-cpp',
        KNOWHOW_ANSWER_BASE_URL: 'http://x',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('does not read baseURL'),
      }),
    );
    expect(() =>
      answerModelFromEnvironment({ KNOWHOW_ANSWER_MODEL: 'm', KNOWHOW_ANSWER_BASE_URL: 'not a url' }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
