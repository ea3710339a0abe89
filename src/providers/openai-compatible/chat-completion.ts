import type { TokenUsage } from '../../core/types.js';
import {
  createProviderResponseError,
  createProviderStreamError,
  type ProviderCallContext,
} from '../shared/provider-error.js';
import type { ServerSentEvent } from '../shared/server-sent-events.js';
import type { FinishReason, GenerateRequest, GenerateResult, StreamPart } from '../spec.js';

export interface ChatDefaults {
  maxTokens?: number | undefined;
  temperature?: number | undefined;
}

/** OpenAI allows only these characters in a response_format name. */
function toSchemaName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'response' : cleaned;
}

/** The body of POST /chat/completions, as documented by OpenAI and accepted by compatible servers. */
export function buildChatCompletionBody(input: {
  model: string;
  request: GenerateRequest;
  stream: boolean;
  /** api.openai.com: `max_completion_tokens` (reasoning models reject `max_tokens`). */
  useMaxCompletionTokens: boolean;
  /** Ask for a final usage chunk; a few old servers reject `stream_options`. */
  streamUsage?: boolean;
  defaults?: ChatDefaults;
}): Record<string, unknown> {
  const { request } = input;
  const maxTokens = request.maxTokens ?? input.defaults?.maxTokens;
  const temperature = request.temperature ?? input.defaults?.temperature;
  return {
    model: input.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    ...(maxTokens === undefined
      ? {}
      : input.useMaxCompletionTokens
        ? { max_completion_tokens: maxTokens }
        : { max_tokens: maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(request.stop === undefined || request.stop.length === 0 ? {} : { stop: request.stop }),
    ...(request.jsonSchema === undefined
      ? {}
      : {
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: toSchemaName(request.jsonSchema.name),
              schema: request.jsonSchema.schema,
              strict: true,
            },
          },
        }),
    ...(input.stream
      ? { stream: true, ...(input.streamUsage === false ? {} : { stream_options: { include_usage: true } }) }
      : {}),
  };
}

export function mapFinishReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

interface RawUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

function readUsage(usage: RawUsage | null | undefined): TokenUsage {
  return {
    promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : 0,
    completionTokens: typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : 0,
  };
}

interface RawChoice {
  message?: { content?: unknown; refusal?: unknown };
  delta?: { content?: unknown; refusal?: unknown };
  finish_reason?: unknown;
}

interface RawCompletion {
  choices?: RawChoice[];
  usage?: RawUsage | null;
  error?: { message?: unknown; type?: unknown; code?: unknown } | string;
}

function describeServerError(error: NonNullable<RawCompletion['error']>): { type?: string; message: string } {
  if (typeof error === 'string') return { message: error };
  const type =
    typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : undefined;
  return {
    message: typeof error.message === 'string' ? error.message : JSON.stringify(error),
    ...(type === undefined ? {} : { type }),
  };
}

/** Reads a chat.completion object; a body without a message is a protocol error, not an empty answer. */
export function readChatCompletion(context: ProviderCallContext, body: unknown): GenerateResult {
  const completion = (typeof body === 'object' && body !== null ? body : {}) as RawCompletion;
  if (completion.error !== undefined)
    throw createProviderStreamError(context, describeServerError(completion.error));
  const message = completion.choices?.[0]?.message;
  if (message === undefined) {
    throw createProviderResponseError(context, {
      message: `the response has no choices[0].message (${JSON.stringify(body).slice(0, 200)}).`,
    });
  }
  const refused = typeof message.refusal === 'string' && message.refusal !== '';
  return {
    text: typeof message.content === 'string' ? message.content : refused ? String(message.refusal) : '',
    usage: readUsage(completion.usage),
    finishReason: refused ? 'content-filter' : mapFinishReason(completion.choices?.[0]?.finish_reason),
  };
}

/**
 * Turns chat.completion.chunk events into stream parts. The finish part comes after `[DONE]`,
 * because the usage chunk (`choices: []`) follows the chunk that carries `finish_reason`.
 */
export async function* readChatCompletionStream(
  context: ProviderCallContext,
  events: AsyncIterable<ServerSentEvent>,
): AsyncGenerator<StreamPart> {
  let usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: FinishReason | undefined;
  let done = false;
  for await (const event of events) {
    if (event.data === '[DONE]') {
      done = true;
      break;
    }
    let chunk: RawCompletion;
    try {
      chunk = JSON.parse(event.data) as RawCompletion;
    } catch (error) {
      throw createProviderResponseError(context, {
        message: `the stream sent malformed JSON (${event.data.slice(0, 200)}).`,
        cause: error,
      });
    }
    if (chunk.error !== undefined) throw createProviderStreamError(context, describeServerError(chunk.error));
    const choice = chunk.choices?.[0];
    const content = choice?.delta?.content;
    if (typeof content === 'string' && content !== '') yield { type: 'text-delta', text: content };
    const refusal = choice?.delta?.refusal;
    if (typeof refusal === 'string' && refusal !== '') {
      finishReason = 'content-filter';
      yield { type: 'text-delta', text: refusal };
    }
    if (choice?.finish_reason !== undefined && choice.finish_reason !== null) {
      finishReason ??= mapFinishReason(choice.finish_reason);
    }
    if (chunk.usage !== undefined && chunk.usage !== null) usage = readUsage(chunk.usage);
  }
  if (!done && finishReason === undefined) {
    throw createProviderStreamError(context, { message: 'the stream ended before the model finished.' });
  }
  yield { type: 'finish', usage, finishReason: finishReason ?? 'other' };
}
