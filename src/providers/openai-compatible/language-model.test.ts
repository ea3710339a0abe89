import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../../test/helpers/collect.js';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import {
  type FixtureServer,
  readFixture,
  readJsonFixture,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import type { GenerateRequest } from '../spec.js';
import { buildChatCompletionBody } from './chat-completion.js';
import { createOpenAICompatibleLanguageModel } from './language-model.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url);
const path = '/v1/chat/completions';
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

function createModel(
  overrides: Parameters<typeof createOpenAICompatibleLanguageModel>[0] = { model: 'gpt-4o-mini' },
) {
  return createOpenAICompatibleLanguageModel({
    baseURL: `${server.url}/v1`,
    apiKeyEnv: 'TEST_OPENAI_KEY',
    env: { TEST_OPENAI_KEY: 'sk-test-secret' },
    ...overrides,
  });
}

describe('createOpenAICompatibleLanguageModel: generate', () => {
  it('sends the documented chat completion body with a bearer key and reads the answer', async () => {
    server.reply(path, { json: readJsonFixture(fixture('chat-completion.response.json')) });
    const result = await createModel().doGenerate(refundRequest);
    expect(result).toEqual({
      text: '30 days from the purchase date [1].',
      usage: { promptTokens: 19, completionTokens: 10 },
      finishReason: 'stop',
    });
    const [sent] = server.requestsTo(path);
    expect(sent?.body).toEqual(readJsonFixture(fixture('chat-completion.request.json')));
    expect(sent?.headers.authorization).toBe('Bearer sk-test-secret');
    expect(sent?.headers['content-type']).toBe('application/json');
  });

  it('asks for strict json_schema output and returns the JSON text', async () => {
    server.reply(path, { json: readJsonFixture(fixture('chat-completion-json-schema.response.json')) });
    const expected = readJsonFixture<{
      response_format: { json_schema: { schema: Record<string, unknown> } };
    }>(fixture('chat-completion-json-schema.request.json'));
    const result = await createModel().doGenerate({
      messages: [{ role: 'user', content: 'Extract the refund window.' }],
      jsonSchema: { name: 'refund policy', schema: expected.response_format.json_schema.schema },
    });
    expect(JSON.parse(result.text)).toEqual({ days: '30' });
    expect(server.requestsTo(path)[0]?.body).toEqual({
      ...expected,
      response_format: {
        ...expected.response_format,
        json_schema: { ...expected.response_format.json_schema, name: 'refund_policy' },
      },
    });
  });

  it('sends no Authorization header to a keyless local server', async () => {
    server.reply(path, { json: readJsonFixture(fixture('chat-completion.response.json')) });
    await createOpenAICompatibleLanguageModel({
      model: 'llama3.1',
      baseURL: `${server.url}/v1/`,
      env: {},
    }).doGenerate(refundRequest);
    expect(server.requestsTo(path)[0]?.headers.authorization).toBeUndefined();
  });

  it('uses max_completion_tokens for api.openai.com and max_tokens elsewhere', () => {
    const request: GenerateRequest = { messages: [{ role: 'user', content: 'hi' }], maxTokens: 10 };
    expect(
      buildChatCompletionBody({ model: 'o4-mini', request, stream: false, useMaxCompletionTokens: true }),
    ).toEqual({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 10,
    });
    expect(
      buildChatCompletionBody({
        model: 'm',
        request: { messages: [] },
        stream: true,
        useMaxCompletionTokens: false,
        defaults: { maxTokens: 5, temperature: 0.2 },
      }),
    ).toEqual({
      model: 'm',
      messages: [],
      max_tokens: 5,
      temperature: 0.2,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('maps a refusal to content-filter with the refusal text', async () => {
    server.reply(path, {
      json: {
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: null, refusal: 'I cannot help.' },
            finish_reason: 'stop',
          },
        ],
      },
    });
    const result = await createModel().doGenerate(refundRequest);
    expect(result).toMatchObject({
      text: 'I cannot help.',
      finishReason: 'content-filter',
      usage: { promptTokens: 0 },
    });
  });
});

describe('createOpenAICompatibleLanguageModel: streaming', () => {
  it('streams deltas and finishes with the usage of the final chunk', async () => {
    server.reply(path, { events: readFixture(fixture('chat-completion.stream.sse')) });
    const parts = await collect(createModel().doStream(refundRequest));
    expect(parts).toEqual([
      { type: 'text-delta', text: '30 days' },
      { type: 'text-delta', text: ' from the purchase date' },
      { type: 'text-delta', text: ' [1].' },
      { type: 'finish', usage: { promptTokens: 19, completionTokens: 10 }, finishReason: 'stop' },
    ]);
    expect(server.requestsTo(path)[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(server.requestsTo(path)[0]?.headers.accept).toBe('text/event-stream');
  });

  it('fails as retryable PROVIDER_UNAVAILABLE when the connection drops mid-stream', async () => {
    server.reply(path, { events: readFixture(fixture('chat-completion.stream.sse')), dropAfterEvents: 2 });
    const error = await failureOf(collect(createModel().doStream(refundRequest)));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.details).toMatchObject({
      provider: 'openai-compatible',
      model: 'gpt-4o-mini',
      retryable: true,
    });
  });

  it('reports an error sent inside the stream', async () => {
    server.reply(path, {
      events: 'data: {"error":{"message":"model overloaded","type":"server_error"}}\n\n',
    });
    const error = await failureOf(collect(createModel().doStream(refundRequest)));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('model overloaded');
  });

  it('rejects a server that answers JSON to a streaming request', async () => {
    server.reply(path, { json: readJsonFixture(fixture('chat-completion.response.json')) });
    const error = await failureOf(collect(createModel().doStream(refundRequest)));
    expect(error.code).toBe('PROVIDER_RESPONSE');
    expect(error.message).toContain('instead of an event stream');
  });

  it('agrees with the official OpenAI SDK on the recorded fixtures', async () => {
    server.reply(path, { events: readFixture(fixture('chat-completion.stream.sse')) });
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('30 days from the purchase date [1].');
    expect(usage?.prompt_tokens).toBe(19);
  });
});

describe('createOpenAICompatibleLanguageModel: bad input', () => {
  it('names the variable and the setting when the API key variable is unset, without sending anything', async () => {
    const model = createModel({
      model: 'gpt-4o-mini',
      apiKeyEnv: 'MISSING_KEY',
      env: {},
      configKey: 'models.judge',
    });
    const error = await failureOf(model.doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.message).toContain('MISSING_KEY');
    expect(error.message).toContain('gpt-4o-mini');
    expect(error.hint).toBe('Set MISSING_KEY or change models.judge.apiKeyEnv in knowhow.yaml.');
    expect(error.details).toMatchObject({ provider: 'openai-compatible', setting: 'models.judge.apiKeyEnv' });
    expect(server.requests).toHaveLength(0);
  });

  it('requires OPENAI_API_KEY for api.openai.com', async () => {
    const model = createOpenAICompatibleLanguageModel({ model: 'gpt-4o', env: {} });
    const error = await failureOf(model.doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_CONFIG');
    expect(error.hint).toBe('Set OPENAI_API_KEY or change models.answer.apiKeyEnv in knowhow.yaml.');
  });

  it('rejects a base URL that is not http(s) when the model is created', () => {
    expect(() => createOpenAICompatibleLanguageModel({ model: 'm', baseURL: 'localhost:11434' })).toThrow(
      expect.objectContaining({
        code: 'PROVIDER_CONFIG',
        details: expect.objectContaining({ setting: 'models.answer.baseURL' }),
      }),
    );
  });

  it('explains an HTML page instead of JSON, naming provider, model and the baseURL setting', async () => {
    server.reply(path, {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: readFixture(fixture('html-page.html')),
    });
    const error = await failureOf(
      createModel({ model: 'qwen2.5', providerName: 'lm-studio' }).doGenerate(refundRequest),
    );
    expect(error.code).toBe('PROVIDER_RESPONSE');
    expect(error.message).toContain('lm-studio model "qwen2.5"');
    expect(error.message).toContain('HTML instead of JSON');
    expect(error.message).toContain('LM Studio - Local Server');
    expect(error.hint).toContain('models.answer.baseURL');
    expect(error.details).toMatchObject({ retryable: false, setting: 'models.answer.baseURL' });
  });

  it('explains malformed JSON', async () => {
    server.reply(path, { headers: { 'content-type': 'application/json' }, body: '{"choices": [' });
    const error = await failureOf(createModel().doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_RESPONSE');
    expect(error.message).toContain('malformed JSON');
  });

  it('maps 401 to PROVIDER_AUTH with the server message and the key variable in the hint', async () => {
    server.reply(path, { status: 401, json: readJsonFixture(fixture('error-invalid-api-key.json')) });
    const error = await failureOf(createModel().doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_AUTH');
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.hint).toContain('TEST_OPENAI_KEY');
    expect(error.details).toMatchObject({ status: 401, retryable: false });
  });

  it('treats an exhausted quota (429 insufficient_quota) as not worth retrying', async () => {
    server.reply(path, { status: 429, json: readJsonFixture(fixture('error-insufficient-quota.json')) });
    const error = await failureOf(createModel().doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_RATE_LIMIT');
    expect(error.details).toMatchObject({ retryable: false });
    expect(error.hint).toContain('quota');
  });

  it('points at the model setting on 404', async () => {
    server.reply(path, {
      status: 404,
      json: { error: { message: 'model "nope" not found, try pulling it first' } },
    });
    const error = await failureOf(createModel({ model: 'nope' }).doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_RESPONSE');
    expect(error.details).toMatchObject({ setting: 'models.answer.model' });
    expect(error.message).toContain('try pulling it first');
  });

  it('rejects a 200 body with no choices', async () => {
    server.reply(path, { json: { object: 'chat.completion', choices: [] } });
    const error = await failureOf(createModel().doGenerate(refundRequest));
    expect(error.code).toBe('PROVIDER_RESPONSE');
    expect(error.message).toContain('choices[0].message');
  });
});
