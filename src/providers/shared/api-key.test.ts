import { describe, expect, it } from 'vitest';
import { resolveApiKey } from './api-key.js';
import type { ProviderCallContext } from './provider-error.js';

const context: ProviderCallContext = {
  provider: 'openai-compatible',
  model: 'llama3.1',
  configKey: 'models.embed',
};

describe('resolveApiKey', () => {
  it('prefers a direct key, then the named variable (trimmed)', () => {
    expect(
      resolveApiKey({ context, apiKey: 'direct', apiKeyEnv: 'K', required: true, env: { K: 'env' } }),
    ).toBe('direct');
    expect(resolveApiKey({ context, apiKeyEnv: 'K', required: false, env: { K: ' env\n' } })).toBe('env');
  });

  it('sends no key when none is configured and the server does not need one', () => {
    expect(resolveApiKey({ context, required: false, env: {} })).toBeUndefined();
  });

  it('fails on a named variable that is unset or empty, naming the variable and the setting', () => {
    for (const env of [{}, { MY_KEY: '  ' }]) {
      expect(() => resolveApiKey({ context, apiKeyEnv: 'MY_KEY', required: false, env })).toThrow(
        expect.objectContaining({
          code: 'PROVIDER_CONFIG',
          message: expect.stringContaining('MY_KEY (named by models.embed.apiKeyEnv) is not set'),
          hint: 'Set MY_KEY or change models.embed.apiKeyEnv in knowhow.yaml.',
        }),
      );
    }
  });

  it('fails when a key is required and none is configured', () => {
    expect(() => resolveApiKey({ context, required: true, env: {} })).toThrow(
      expect.objectContaining({
        code: 'PROVIDER_CONFIG',
        details: expect.objectContaining({ setting: 'models.embed.apiKeyEnv' }),
      }),
    );
  });
});
