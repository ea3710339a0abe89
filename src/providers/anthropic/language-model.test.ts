import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../../test/helpers/collect.js';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import {
  type FixtureServer,
  readFixture,
  readJsonFixture,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import { wrapLanguageModel } from '../shared/wrap-language-model.js';
import type { GenerateRequest } from '../spec.js';
import { createAnthropicLanguageModel } from './language-model.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
const path = '/v1/messages';
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const refundRequest: GenerateRequest = {
  messages: [
    { role: 'system', content: 'Answer briefly.' },
    { role: 'user', content: 'How long is the refund window?' },
  ],
  maxTokens: 64,
  temperature: 0,
  stop: ['\n\n'],
};

const schemaRequest: GenerateRequest = {
  messages: [{ role: 'user', content: 'Extract the refund window.' }],
  jsonSchema: {
    name: 'refund policy',
    schema: {
      type: 'object',
      properties: { days: { type: 'string' } },
      required: ['days'],
      additionalProperties: false,
    },
  },
};

function createModel(overrides: Partial<Parameters<typeof createAnthropicLanguageModel>[0]> = {}) {
  return createAnthropicLanguageModel({
    model: 'claude-sonnet-4-20250514',
    baseURL: server.url,
    env: { ANTHROPIC_API_KEY: 'sk-ant-test' },
    ...overrides,
  });
}

describe('createAnthropicLanguageModel', () => {
  it('sends the documented Messages body and headers, with the system prompt at the top level', async () => {
    server.reply(path, { json: readJsonFixture(fixture('messages.response.json')) });
    const result = await createModel().doGenerate(refundRequest);
    expect(result).toEqual({
      text: '30 days from the purchase date [1].',
      usage: { promptTokens: 21, completionTokens: 12 },
      finishReason: 'stop',
    });
    const [sent] = server.requestsTo(path);
    expect(sent?.body).toEqual(readJsonFixture(fixture('messages.request.json')));
    expect(sent?.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent?.headers.authorization).toBeUndefined();
  });

  it('accepts a base URL that already ends in /v1 and merges consecutive turns of one role', async () => {
    server.reply(path, { json: readJsonFixture(fixture('messages.response.json')) });
    await createModel({ baseURL: `${server.url}/v1/` }).doGenerate({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    });
    expect(server.requestsTo(path)[0]?.body).toMatchObject({
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'a\n\nb' }],
    });
  });

  it('streams text deltas with input tokens from message_start and output tokens from message_delta', async () => {
    server.reply(path, { events: readFixture(fixture('messages.stream.sse')) });
    const parts = await collect(createModel().doStream(refundRequest));
    expect(parts).toEqual([
      { type: 'text-delta', text: '30 days' },
      { type: 'text-delta', text: ' from the purchase date [1].' },
      { type: 'finish', usage: { promptTokens: 21, completionTokens: 12 }, finishReason: 'stop' },
    ]);
    expect(server.requestsTo(path)[0]?.body).toMatchObject({ stream: true });
  });

  it('gets structured output through a forced tool call and returns the tool input as JSON text', async () => {
    server.reply(path, { json: readJsonFixture(fixture('messages-tool.response.json')) });
    const result = await createModel().doGenerate(schemaRequest);
    expect(JSON.parse(result.text)).toEqual({ days: '30' });
    expect(result.finishReason).toBe('stop');
    expect(server.requestsTo(path)[0]?.body).toEqual(readJsonFixture(fixture('messages-tool.request.json')));
  });

  it('streams the tool input JSON as text deltas', async () => {
    server.reply(path, { events: readFixture(fixture('messages-tool.stream.sse')) });
    const parts = await collect(createModel().doStream(schemaRequest));
    const text = parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
    expect(JSON.parse(text)).toEqual({ days: '30' });
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      usage: { promptTokens: 412, completionTokens: 38 },
      finishReason: 'stop',
    });
  });

  it('wraps a schema whose root is not an object and unwraps the answer', async () => {
    server.reply(path, {
      json: {
        type: 'message',
        content: [{ type: 'tool_use', id: 't', name: 'labels', input: { value: ['billing', 'refunds'] } }],
        stop_reason: 'tool_use',
        usage: { input_tokens: 5, output_tokens: 5 },
      },
    });
    const result = await createModel().doGenerate({
      messages: [{ role: 'user', content: 'Tag it.' }],
      jsonSchema: { name: 'labels', schema: { type: 'array', items: { type: 'string' } } },
    });
    expect(JSON.parse(result.text)).toEqual(['billing', 'refunds']);
    const sent = server.requestsTo(path)[0]?.body as { tools: { input_schema: unknown }[] } | undefined;
    const tools = sent?.tools ?? [];
    expect(tools[0]?.input_schema).toEqual({
      type: 'object',
      properties: { value: { type: 'array', items: { type: 'string' } } },
      required: ['value'],
    });
  });

  it('turns an error event in the stream into a retryable PROVIDER_UNAVAILABLE', async () => {
    server.reply(path, { events: readFixture(fixture('stream-overloaded.sse')) });
    const error = await failureOf(collect(createModel().doStream(refundRequest)));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('overloaded_error: Overloaded');
    expect(error.details).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-20250514',
      retryable: true,
    });
  });

  it('retries a 529 overloaded answer through the shared layer', async () => {
    server.reply(
      path,
      { status: 529, json: readJsonFixture(fixture('error-overloaded.json')) },
      { json: readJsonFixture(fixture('messages.response.json')) },
    );
    const model = wrapLanguageModel(createModel(), { retry: { baseDelayMs: 1 } });
    expect((await model.doGenerate(refundRequest)).text).toBe('30 days from the purchase date [1].');
    expect(server.requestsTo(path)).toHaveLength(2);
  });

  it('reports 429 with its Retry-After and 401 as an auth error naming the key variable', async () => {
    server.reply(path, {
      status: 429,
      headers: { 'retry-after': '7' },
      json: readJsonFixture(fixture('error-rate-limit.json')),
    });
    const limited = await failureOf(createModel().doGenerate(refundRequest));
    expect(limited.code).toBe('PROVIDER_RATE_LIMIT');
    expect(limited.details).toMatchObject({ retryAfterMs: 7000, retryable: true, status: 429 });
    expect(limited.message).toContain('50 requests per minute');

    server.reset();
    server.reply(path, { status: 401, json: readJsonFixture(fixture('error-authentication.json')) });
    const denied = await failureOf(createModel().doGenerate(refundRequest));
    expect(denied.code).toBe('PROVIDER_AUTH');
    expect(denied.hint).toContain('ANTHROPIC_API_KEY');
  });

  it('requires an API key and says which variable to set', async () => {
    const error = await failureOf(createModel({ env: {} }).doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.message).toContain('anthropic model "claude-sonnet-4-20250514"');
    expect(error.hint).toBe('Set ANTHROPIC_API_KEY or change models.answer.apiKeyEnv in knowhow.yaml.');
    expect(server.requests).toHaveLength(0);
  });
});
