import type { ModelRef } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { isProviderName, providerNames, providerRegistry } from '../providers/registry.js';

/** Environment variables that put a real model behind the demo (no knowhow.yaml to edit there). */
export const answerModelVariables = {
  model: 'KNOWHOW_ANSWER_MODEL',
  provider: 'KNOWHOW_ANSWER_PROVIDER',
  baseURL: 'KNOWHOW_ANSWER_BASE_URL',
  apiKeyEnv: 'KNOWHOW_ANSWER_API_KEY_ENV',
} as const;

/**
 * KNOWHOW_ANSWER_MODEL (+ _PROVIDER, default openai-compatible, _BASE_URL, _API_KEY_ENV) as a
 * models.answer entry, checked like knowhow.yaml: an unknown provider or a setting the provider
 * does not read is a CONFIG_INVALID error naming the variable and the allowed values.
 */
export function answerModelFromEnvironment(
  env: Record<string, string | undefined> = process.env,
): ModelRef | undefined {
  const model = env[answerModelVariables.model];
  if (!model) return undefined;
  const provider = env[answerModelVariables.provider] ?? 'openai-compatible';
  if (!isProviderName(provider)) {
    throw new KnowhowError(
      'CONFIG_INVALID',
      `${answerModelVariables.provider}="${provider}" is not a provider. Allowed: ${providerNames.join(', ')}.`,
      {
        hint: `Set ${answerModelVariables.provider} to one of ${providerNames.join(', ')} (default openai-compatible), or unset it.`,
        details: { setting: answerModelVariables.provider, allowed: providerNames },
      },
    );
  }
  const baseURL = env[answerModelVariables.baseURL];
  const apiKeyEnv = env[answerModelVariables.apiKeyEnv];
  const reads = new Set<string>(providerRegistry[provider].settings);
  for (const [setting, value] of [
    ['baseURL', baseURL],
    ['apiKeyEnv', apiKeyEnv],
  ] as const) {
    if (value && !reads.has(setting)) {
      throw new KnowhowError(
        'CONFIG_INVALID',
        `${answerModelVariables[setting]} is set, but provider "${provider}" does not read ${setting}.`,
        {
          hint: `Unset ${answerModelVariables[setting]}, or choose a provider that reads it.`,
          details: { setting: answerModelVariables[setting] },
        },
      );
    }
  }
  if (baseURL && !URL.canParse(baseURL)) {
    throw new KnowhowError('CONFIG_INVALID', `${answerModelVariables.baseURL}="${baseURL}" is not a URL.`, {
      hint: 'Example: http://127.0.0.1:11434/v1',
      details: { setting: answerModelVariables.baseURL },
    });
  }
  return {
    provider,
    model,
    ...(baseURL ? { baseURL } : {}),
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
  };
}
