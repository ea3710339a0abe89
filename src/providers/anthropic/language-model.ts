import { registerSecretHeaders } from '../../core/secrets.js';
import { resolveApiKey } from '../shared/api-key.js';
import { postForEvents, postJson } from '../shared/http.js';
import { createProviderConfigError, type ProviderCallContext } from '../shared/provider-error.js';
import type { GenerateRequest, GenerateResult, LanguageModel, StreamPart } from '../spec.js';
import { buildMessagesBody, planStructuredOutput, readMessage, readMessageStream } from './messages.js';

export const anthropicBaseURL = 'https://api.anthropic.com';
export const anthropicVersion = '2023-06-01';

export interface AnthropicLanguageModelSettings {
  model: string;
  /** Default https://api.anthropic.com; a URL ending in /v1 is accepted too. */
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  /** Default ANTHROPIC_API_KEY. */
  apiKeyEnv?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** Default 200,000 (every current Claude model). */
  contextWindow?: number | undefined;
  /** The API requires max_tokens on every request; used when a request sets none. Default 1024. */
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  configKey?: string | undefined;
  env?: Record<string, string | undefined> | undefined;
}

export type AnthropicLanguageModel = LanguageModel & { readonly baseURL: string };

/** Claude through the Messages API (POST /v1/messages). Wrap it with `wrapLanguageModel`. */
export function createAnthropicLanguageModel(
  settings: AnthropicLanguageModelSettings,
): AnthropicLanguageModel {
  const configKey = settings.configKey ?? 'models.answer';
  const baseURL = (settings.baseURL ?? anthropicBaseURL).replace(/\/+$/, '');
  const apiKeyEnv = settings.apiKeyEnv ?? 'ANTHROPIC_API_KEY';
  const context: ProviderCallContext = {
    provider: 'anthropic',
    model: settings.model,
    configKey,
    baseURL,
    apiKeyEnv,
  };
  if (!/^https?:\/\/[^/]/.test(baseURL)) {
    throw createProviderConfigError(context, {
      setting: `${configKey}.baseURL`,
      message: `"${baseURL}" is not an http(s) URL.`,
      hint: `Set ${configKey}.baseURL in knowhow.yaml to ${anthropicBaseURL}, or remove it.`,
    });
  }
  const url = baseURL.endsWith('/v1') ? `${baseURL}/messages` : `${baseURL}/v1/messages`;

  const headers = () => {
    const apiKey = resolveApiKey({
      context,
      apiKey: settings.apiKey,
      apiKeyEnv,
      required: true,
      ...(settings.env === undefined ? {} : { env: settings.env }),
    });
    registerSecretHeaders(settings.headers);
    return { ...settings.headers, 'x-api-key': apiKey ?? '', 'anthropic-version': anthropicVersion };
  };

  const bodyFor = (request: GenerateRequest, stream: boolean) =>
    buildMessagesBody({
      model: settings.model,
      request,
      stream,
      defaultMaxTokens: settings.maxTokens ?? 1024,
      defaultTemperature: settings.temperature,
    });

  return {
    provider: 'anthropic',
    modelId: settings.model,
    baseURL,
    contextWindow: settings.contextWindow ?? 200_000,
    capabilities: { streaming: true, jsonSchema: true, extractive: false },
    async doGenerate(request): Promise<GenerateResult> {
      const body = await postJson({
        context,
        url,
        headers: headers(),
        body: bodyFor(request, false),
        signal: request.signal,
      });
      return readMessage(context, body, planStructuredOutput(request.jsonSchema));
    },
    async *doStream(request): AsyncGenerator<StreamPart> {
      const events = postForEvents({
        context,
        url,
        headers: headers(),
        body: bodyFor(request, true),
        signal: request.signal,
      });
      yield* readMessageStream(context, events, planStructuredOutput(request.jsonSchema));
    },
  };
}
