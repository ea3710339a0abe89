import { registerSecretHeaders } from '../../core/secrets.js';
import { resolveApiKey } from '../shared/api-key.js';
import { createProviderConfigError, type ProviderCallContext } from '../shared/provider-error.js';

export const openAIBaseURL = 'https://api.openai.com/v1';

export interface OpenAICompatibleSettings {
  model: string;
  /** Default https://api.openai.com/v1. Ollama: http://localhost:11434/v1; vLLM: http://localhost:8000/v1. */
  baseURL?: string | undefined;
  /** A key given directly; prefer `apiKeyEnv`. */
  apiKey?: string | undefined;
  /** Name of the environment variable holding the key. Unset: no key is sent, except to known hosted APIs. */
  apiKeyEnv?: string | undefined;
  /** Shown in errors, usage and cache keys. Default `openai-compatible`. */
  providerName?: string | undefined;
  /** Extra headers (OpenRouter attribution, a proxy's own auth…). Never part of a cache key. */
  headers?: Record<string, string> | undefined;
  /** knowhow.yaml section this model comes from, named in errors. */
  configKey?: string | undefined;
  /** For tests; default process.env. */
  env?: Record<string, string | undefined> | undefined;
}

/** Hosted APIs that refuse every call without a key, and the variable their own SDKs read. */
const knownHosts: Record<string, string> = {
  'api.openai.com': 'OPENAI_API_KEY',
  'api.together.xyz': 'TOGETHER_API_KEY',
  'api.groq.com': 'GROQ_API_KEY',
};

export interface OpenAICompatibleConnection {
  readonly baseURL: string;
  readonly context: ProviderCallContext;
  /** api.openai.com itself, which wants `max_completion_tokens` rather than `max_tokens`. */
  readonly isOpenAI: boolean;
  /** Read on every call so that a key set after start-up is picked up; throws PROVIDER_CONFIG when missing. */
  headers(): Record<string, string>;
}

export function createOpenAICompatibleConnection(
  settings: OpenAICompatibleSettings,
  defaultConfigKey: string,
): OpenAICompatibleConnection {
  const configKey = settings.configKey ?? defaultConfigKey;
  const provider = settings.providerName ?? 'openai-compatible';
  const baseURL = (settings.baseURL ?? openAIBaseURL).replace(/\/+$/, '');
  let host: string;
  try {
    const url = new URL(baseURL);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    host = url.hostname;
  } catch {
    throw createProviderConfigError(
      { provider, model: settings.model, configKey },
      {
        setting: `${configKey}.baseURL`,
        message: `"${baseURL}" is not an http(s) URL.`,
        hint: `Set ${configKey}.baseURL in knowhow.yaml to the server's API root, e.g. http://localhost:11434/v1.`,
      },
    );
  }
  const knownEnv = knownHosts[host];
  const apiKeyEnv = settings.apiKeyEnv ?? knownEnv;
  const context: ProviderCallContext = {
    provider,
    model: settings.model,
    configKey,
    baseURL,
    ...(apiKeyEnv === undefined ? {} : { apiKeyEnv }),
  };
  return {
    baseURL,
    context,
    isOpenAI: host === 'api.openai.com',
    headers() {
      const apiKey = resolveApiKey({
        context,
        apiKey: settings.apiKey,
        apiKeyEnv,
        required: knownEnv !== undefined,
        ...(settings.env === undefined ? {} : { env: settings.env }),
      });
      registerSecretHeaders(settings.headers);
      return { ...settings.headers, ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) };
    },
  };
}
