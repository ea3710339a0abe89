import type { TokenUsage } from '../../core/types.js';
import {
  createProviderResponseError,
  createProviderStreamError,
  type ProviderCallContext,
} from '../shared/provider-error.js';
import type { ServerSentEvent } from '../shared/server-sent-events.js';
import type { FinishReason, GenerateRequest, GenerateResult, JsonSchemaSpec, StreamPart } from '../spec.js';

/**
 * How structured output is asked for: the Messages API has no response_format, so the model is
 * forced to call one tool whose input schema is the wanted schema, and the tool input is the answer.
 * A tool input must be an object; any other schema is wrapped in `{ value: … }` and unwrapped again.
 */
export interface StructuredOutputTool {
  name: string;
  wrapped: boolean;
}

const toolDescription = "Give the answer as this tool's input, matching its schema exactly.";

function toToolName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'response' : cleaned;
}

export function planStructuredOutput(
  jsonSchema: JsonSchemaSpec | undefined,
): StructuredOutputTool | undefined {
  if (jsonSchema === undefined) return undefined;
  return { name: toToolName(jsonSchema.name), wrapped: jsonSchema.schema.type !== 'object' };
}

/** The body of POST /v1/messages. System messages move to the top-level `system`. */
export function buildMessagesBody(input: {
  model: string;
  request: GenerateRequest;
  stream: boolean;
  defaultMaxTokens: number;
  defaultTemperature?: number | undefined;
}): Record<string, unknown> {
  const { request } = input;
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const turns: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') continue;
    const last = turns.at(-1);
    // The API wants alternating turns; consecutive messages of one role are one turn.
    if (last?.role === message.role) last.content += `\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  const temperature = request.temperature ?? input.defaultTemperature;
  const tool = planStructuredOutput(request.jsonSchema);
  const schema = request.jsonSchema?.schema;
  return {
    model: input.model,
    max_tokens: request.maxTokens ?? input.defaultMaxTokens,
    ...(system === '' ? {} : { system }),
    messages: turns,
    ...(temperature === undefined ? {} : { temperature }),
    ...(request.stop === undefined || request.stop.length === 0 ? {} : { stop_sequences: request.stop }),
    ...(tool === undefined || schema === undefined
      ? {}
      : {
          tools: [
            {
              name: tool.name,
              description: toolDescription,
              input_schema: tool.wrapped
                ? { type: 'object', properties: { value: schema }, required: ['value'] }
                : schema,
            },
          ],
          tool_choice: { type: 'tool', name: tool.name },
        }),
    ...(input.stream ? { stream: true } : {}),
  };
}

export function mapStopReason(reason: unknown): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    // Only the forced structured-output tool can be called, so calling it is the normal end.
    case 'tool_use':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

interface RawUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  cache_read_input_tokens?: unknown;
}

const count = (value: unknown) => (typeof value === 'number' ? value : 0);

/** Cached prompt tokens are still prompt tokens (billed at other rates, which the price table does not model). */
function promptTokensOf(usage: RawUsage | undefined): number {
  return (
    count(usage?.input_tokens) +
    count(usage?.cache_creation_input_tokens) +
    count(usage?.cache_read_input_tokens)
  );
}

function toolInputText(input: unknown, tool: StructuredOutputTool): string {
  const value =
    tool.wrapped && typeof input === 'object' && input !== null
      ? (input as { value?: unknown }).value
      : input;
  return JSON.stringify(value ?? null);
}

interface RawContentBlock {
  type?: unknown;
  text?: unknown;
  name?: unknown;
  input?: unknown;
}

interface RawMessage {
  content?: RawContentBlock[];
  stop_reason?: unknown;
  usage?: RawUsage;
}

export function readMessage(
  context: ProviderCallContext,
  body: unknown,
  tool: StructuredOutputTool | undefined,
): GenerateResult {
  const message = (typeof body === 'object' && body !== null ? body : {}) as RawMessage;
  if (!Array.isArray(message.content)) {
    throw createProviderResponseError(context, {
      message: `the response has no content array (${JSON.stringify(body).slice(0, 200)}).`,
    });
  }
  let text = '';
  for (const block of message.content) {
    if (tool !== undefined && block.type === 'tool_use' && block.name === tool.name)
      text = toolInputText(block.input, tool);
    else if (tool === undefined && block.type === 'text' && typeof block.text === 'string')
      text += block.text;
  }
  return {
    text,
    usage: {
      promptTokens: promptTokensOf(message.usage),
      completionTokens: count(message.usage?.output_tokens),
    },
    finishReason: mapStopReason(message.stop_reason),
  };
}

interface RawStreamEvent {
  type?: unknown;
  message?: RawMessage;
  index?: unknown;
  content_block?: RawContentBlock;
  delta?: { type?: unknown; text?: unknown; partial_json?: unknown; stop_reason?: unknown };
  usage?: RawUsage;
  error?: { type?: unknown; message?: unknown };
}

/**
 * Turns Messages API events into stream parts: message_start carries the input tokens,
 * content_block_delta the text (or the tool's JSON), message_delta the output tokens and stop reason.
 */
export async function* readMessageStream(
  context: ProviderCallContext,
  events: AsyncIterable<ServerSentEvent>,
  tool: StructuredOutputTool | undefined,
): AsyncGenerator<StreamPart> {
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: FinishReason = 'other';
  let stopped = false;
  let wrappedJson = '';
  const toolBlocks = new Set<unknown>();

  for await (const event of events) {
    let data: RawStreamEvent;
    try {
      data = JSON.parse(event.data) as RawStreamEvent;
    } catch (error) {
      throw createProviderResponseError(context, {
        message: `the stream sent malformed JSON (${event.data.slice(0, 200)}).`,
        cause: error,
      });
    }
    switch (data.type ?? event.event) {
      case 'message_start':
        usage.promptTokens = promptTokensOf(data.message?.usage);
        usage.completionTokens = count(data.message?.usage?.output_tokens);
        break;
      case 'content_block_start':
        if (data.content_block?.type === 'tool_use' && data.content_block.name === tool?.name)
          toolBlocks.add(data.index);
        else if (
          tool === undefined &&
          typeof data.content_block?.text === 'string' &&
          data.content_block.text !== ''
        ) {
          yield { type: 'text-delta', text: data.content_block.text };
        }
        break;
      case 'content_block_delta': {
        const delta = data.delta;
        if (
          tool === undefined &&
          delta?.type === 'text_delta' &&
          typeof delta.text === 'string' &&
          delta.text !== ''
        ) {
          yield { type: 'text-delta', text: delta.text };
        } else if (
          tool !== undefined &&
          toolBlocks.has(data.index) &&
          delta?.type === 'input_json_delta' &&
          typeof delta.partial_json === 'string' &&
          delta.partial_json !== ''
        ) {
          // A wrapped schema's JSON is `{"value": …}`: it can be unwrapped only once complete.
          if (tool.wrapped) wrappedJson += delta.partial_json;
          else yield { type: 'text-delta', text: delta.partial_json };
        }
        break;
      }
      case 'message_delta':
        if (data.delta?.stop_reason !== undefined && data.delta.stop_reason !== null) {
          finishReason = mapStopReason(data.delta.stop_reason);
        }
        if (data.usage?.output_tokens !== undefined) usage.completionTokens = count(data.usage.output_tokens);
        if (data.usage?.input_tokens !== undefined) usage.promptTokens = promptTokensOf(data.usage);
        break;
      case 'message_stop':
        stopped = true;
        break;
      case 'error':
        throw createProviderStreamError(context, {
          type: typeof data.error?.type === 'string' ? data.error.type : undefined,
          message: typeof data.error?.message === 'string' ? data.error.message : event.data,
        });
      default:
        // ping and event types added later are ignored, as the API documentation asks.
        break;
    }
    if (stopped) break;
  }
  if (!stopped)
    throw createProviderStreamError(context, { message: 'the stream ended before message_stop.' });
  if (tool?.wrapped && wrappedJson !== '') {
    let text: string;
    try {
      text = toolInputText(JSON.parse(wrappedJson), tool);
    } catch {
      text = wrappedJson;
    }
    yield { type: 'text-delta', text };
  }
  yield { type: 'finish', usage, finishReason };
}
