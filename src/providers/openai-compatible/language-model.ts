import { postForEvents, postJson } from '../shared/http.js';
import type { GenerateRequest, GenerateResult, LanguageModel, StreamPart } from '../spec.js';
import { buildChatCompletionBody, readChatCompletion, readChatCompletionStream } from './chat-completion.js';
import { createOpenAICompatibleConnection, type OpenAICompatibleSettings } from './connection.js';

export interface OpenAICompatibleLanguageModelSettings extends OpenAICompatibleSettings {
  /** Context window in tokens, when known (servers do not report it). */
  contextWindow?: number | undefined;
  /** Used when a request sets none (knowhow.yaml `maxTokens`, `temperature`). */
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  /** Whether the server honours `response_format: json_schema`. Default true. */
  jsonSchema?: boolean | undefined;
  /** Send `stream_options.include_usage`. Default true; turn off for servers that reject it. */
  streamUsage?: boolean | undefined;
}

export type OpenAICompatibleLanguageModel = LanguageModel & { readonly baseURL: string };

/**
 * A chat model behind POST {baseURL}/chat/completions: OpenAI, vLLM, Ollama, llama.cpp server,
 * Together, Groq, LM Studio. No retries or timeouts here: wrap it with `wrapLanguageModel`.
 */
export function createOpenAICompatibleLanguageModel(
  settings: OpenAICompatibleLanguageModelSettings,
): OpenAICompatibleLanguageModel {
  const connection = createOpenAICompatibleConnection(settings, 'models.answer');
  const url = `${connection.baseURL}/chat/completions`;
  const defaults = { maxTokens: settings.maxTokens, temperature: settings.temperature };

  const bodyFor = (request: GenerateRequest, stream: boolean) =>
    buildChatCompletionBody({
      model: settings.model,
      request,
      stream,
      useMaxCompletionTokens: connection.isOpenAI,
      defaults,
      ...(settings.streamUsage === undefined ? {} : { streamUsage: settings.streamUsage }),
    });

  return {
    provider: connection.context.provider,
    modelId: settings.model,
    baseURL: connection.baseURL,
    contextWindow: settings.contextWindow,
    capabilities: { streaming: true, jsonSchema: settings.jsonSchema ?? true, extractive: false },
    async doGenerate(request): Promise<GenerateResult> {
      const body = await postJson({
        context: connection.context,
        url,
        headers: connection.headers(),
        body: bodyFor(request, false),
        signal: request.signal,
      });
      return readChatCompletion(connection.context, body);
    },
    async *doStream(request): AsyncGenerator<StreamPart> {
      const events = postForEvents({
        context: connection.context,
        url,
        headers: connection.headers(),
        body: bodyFor(request, true),
        signal: request.signal,
      });
      yield* readChatCompletionStream(connection.context, events);
    },
  };
}
