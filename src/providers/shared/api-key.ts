import { registerSecret } from '../../core/secrets.js';
import { createProviderConfigError, type ProviderCallContext } from './provider-error.js';

export interface ResolveApiKeyInput {
  context: ProviderCallContext;
  /** A key given directly (tests, programmatic use). Wins over the environment. */
  apiKey?: string | undefined;
  /** Name of the environment variable that holds the key; never the key itself. */
  apiKeyEnv?: string | undefined;
  /** Whether the API refuses every call without a key (Anthropic, openai.com). */
  required: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * The key to send, or undefined for servers that need none (Ollama, vLLM, llama.cpp). A named
 * variable that is unset is always an error: the user asked for a key, so sending none would
 * only turn into a confusing 401 later.
 */
export function resolveApiKey(input: ResolveApiKeyInput): string | undefined {
  // Every resolved key is registered for redaction before it is first sent anywhere.
  if (input.apiKey !== undefined && input.apiKey !== '') {
    registerSecret(input.apiKey);
    return input.apiKey;
  }
  const env = input.env ?? process.env;
  const setting = `${input.context.configKey}.apiKeyEnv`;
  if (input.apiKeyEnv !== undefined) {
    const value = env[input.apiKeyEnv];
    if (value !== undefined && value.trim() !== '') {
      registerSecret(value);
      return value.trim();
    }
    throw createProviderConfigError(input.context, {
      setting,
      message: `the environment variable ${input.apiKeyEnv} (named by ${setting}) is not set.`,
      hint: `Set ${input.apiKeyEnv} or change ${setting} in knowhow.yaml.`,
    });
  }
  if (input.required) {
    throw createProviderConfigError(input.context, {
      setting,
      message: `no API key is configured (${setting} is not set).`,
      hint: `Set ${setting} in knowhow.yaml to the name of the environment variable that holds the key.`,
    });
  }
  return undefined;
}
