import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { collect } from '../../../test/helpers/collect.js';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import {
  type FixtureServer,
  findClosedPortUrl,
  readFixture,
  readJsonFixture,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import { createOpenAICompatibleLanguageModel } from '../openai-compatible/language-model.js';
import type { GenerateRequest, StreamPart } from '../spec.js';
import type { ModelCallOptions } from './call-policy.js';
import { createDiskResponseCache, createMemoryResponseCache } from './response-cache.js';
import { createUsageMeter } from './usage-meter.js';
import { wrapLanguageModel } from './wrap-language-model.js';

const fixture = (name: string) => new URL(`../openai-compatible/__fixtures__/${name}`, import.meta.url);
const chatPath = '/v1/chat/completions';
const completion = () => ({ json: readJsonFixture(fixture('chat-completion.response.json')) });
const stream = () => ({ events: readFixture(fixture('chat-completion.stream.sse')) });
const question: GenerateRequest = { messages: [{ role: 'user', content: 'How long is the refund window?' }] };
const answer = '30 days from the purchase date [1].';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function createWrapped(options: ModelCallOptions = {}, baseURL = `${server.url}/v1`, apiKey = 'sk-secret-1') {
  const model = createOpenAICompatibleLanguageModel({
    model: 'gpt-4o-mini',
    baseURL,
    apiKeyEnv: 'KEY',
    env: { KEY: apiKey },
  });
  return wrapLanguageModel(model, {
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    configKey: 'models.answer',
    ...options,
  });
}

const textOf = (parts: StreamPart[]) =>
  parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

describe('wrapLanguageModel: retries', () => {
  it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
    server.reply(
      chatPath,
      {
        status: 429,
        headers: { 'retry-after': '1' },
        json: readJsonFixture(fixture('error-rate-limit.json')),
      },
      completion(),
    );
    const started = performance.now();
    const result = await createWrapped().doGenerate(question);
    expect(result.text).toBe(answer);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requestsTo(chatPath)).toHaveLength(2);
  });

  it('honours the finer retry-after-ms header', async () => {
    server.reply(chatPath, { status: 429, headers: { 'retry-after-ms': '120' }, json: {} }, completion());
    const started = performance.now();
    await createWrapped().doGenerate(question);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    server.reply(chatPath, {
      status: 429,
      headers: { 'retry-after': '3600' },
      json: readJsonFixture(fixture('error-rate-limit.json')),
    });
    const error = await failureOf(createWrapped().doGenerate(question));
    expect(error.code).toBe('PROVIDER_RATE_LIMIT');
    expect(error.details).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(server.requestsTo(chatPath)).toHaveLength(1);
  });

  it('retries a 500 and returns the later success', async () => {
    server.reply(
      chatPath,
      { status: 500, json: readJsonFixture(fixture('error-server.json')) },
      completion(),
    );
    expect((await createWrapped().doGenerate(question)).text).toBe(answer);
    expect(server.requestsTo(chatPath)).toHaveLength(2);
  });

  it('stops after maxRetries and reports how many attempts were made', async () => {
    server.reply(chatPath, { status: 503, json: readJsonFixture(fixture('error-server.json')) });
    const meter = createUsageMeter();
    const error = await failureOf(
      createWrapped({ retry: { maxRetries: 2, baseDelayMs: 1 }, meter }).doGenerate(question),
    );
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.details).toMatchObject({
      status: 503,
      attempts: 3,
      provider: 'openai-compatible',
      model: 'gpt-4o-mini',
    });
    expect(server.requestsTo(chatPath)).toHaveLength(3);
    expect(meter.totals()).toMatchObject({ calls: 1, failedCalls: 1 });
  });

  it('does not retry malformed JSON', async () => {
    server.reply(chatPath, {
      headers: { 'content-type': 'application/json' },
      body: '{"id": "chatcmpl-1", "choi',
    });
    const error = await failureOf(createWrapped().doGenerate(question));
    expect(error.code).toBe('PROVIDER_RESPONSE');
    expect(error.message).toContain('malformed JSON');
    expect(server.requestsTo(chatPath)).toHaveLength(1);
  });

  it('retries a refused connection, then names the server and the setting to fix', async () => {
    const closed = await findClosedPortUrl();
    const error = await failureOf(
      createWrapped({ retry: { maxRetries: 1, baseDelayMs: 1 } }, `${closed}/v1`).doGenerate(question),
    );
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(closed);
    expect(error.hint).toContain('models.answer.baseURL');
    expect(error.details).toMatchObject({ attempts: 2 });
  });
});

describe('wrapLanguageModel: timeouts and cancellation', () => {
  it('turns a server that never answers into PROVIDER_TIMEOUT without retrying', async () => {
    server.reply(chatPath, { hang: true });
    const started = performance.now();
    const error = await failureOf(createWrapped({ timeoutMs: 80 }).doGenerate(question));
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.message).toContain('80 ms');
    expect(error.hint).toContain('models.answer.timeoutMs');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requestsTo(chatPath)).toHaveLength(1);
  });

  it('reports a caller cancellation as CANCELLED and does not retry', async () => {
    server.reply(chatPath, { hang: true });
    const controller = new AbortController();
    const failure = failureOf(createWrapped().doGenerate({ ...question, signal: controller.signal }));
    // Cancel once the request has reached the server: a fixed 30 ms timer fired before the request
    // left under load, and the test then saw no request at all.
    await vi.waitFor(() => expect(server.requestsTo(chatPath)).toHaveLength(1));
    controller.abort();
    const error = await failure;
    expect(error.code).toBe('CANCELLED');
    expect(server.requestsTo(chatPath)).toHaveLength(1);
  });

  it('times out a stream that stops sending, but not a slow reader', async () => {
    server.reply(chatPath, { ...stream(), eventDelayMs: 200 });
    const error = await failureOf(collect(createWrapped({ timeoutMs: 60 }).doStream(question)));
    expect(error.code).toBe('PROVIDER_TIMEOUT');

    server.reset();
    server.reply(chatPath, stream());
    const parts: StreamPart[] = [];
    // Each part is held longer than the timeout: only a clock paused while the reader holds it survives this.
    for await (const part of createWrapped({ timeoutMs: 150 }).doStream(question)) {
      parts.push(part);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(textOf(parts)).toBe(answer);
  });
});

describe('wrapLanguageModel: streams', () => {
  it('retries a stream that fails before its first delta', async () => {
    server.reply(chatPath, { status: 500, json: readJsonFixture(fixture('error-server.json')) }, stream());
    const parts = await collect(createWrapped().doStream(question));
    expect(textOf(parts)).toBe(answer);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { promptTokens: 19, completionTokens: 10 } });
    expect(server.requestsTo(chatPath)).toHaveLength(2);
  });

  it('does not retry a stream that already sent text, and does not cache it', async () => {
    const cache = createMemoryResponseCache();
    server.reply(chatPath, { ...stream(), dropAfterEvents: 3 });
    const received: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const part of createWrapped({ cache }).doStream(question)) {
          if (part.type === 'text-delta') received.push(part.text);
        }
      })(),
    );
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(received).toEqual(['30 days', ' from the purchase date']);
    expect(server.requestsTo(chatPath)).toHaveLength(1);
    expect(cache.size).toBe(0);
  });
});

describe('wrapLanguageModel: concurrency', () => {
  it('never has more calls in flight than the limit', async () => {
    // The first two requests are held until both have arrived, so two are surely in flight at once.
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    server.reply(chatPath, () => {
      if (server.requestsTo(chatPath).length >= 2) open();
      return { ...completion(), gate, delayMs: 5 };
    });
    const model = createWrapped({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => model.doGenerate(question)));
    expect(server.requestsTo(chatPath)).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });
});

describe('wrapLanguageModel: cache and accounting', () => {
  it('answers a second identical call from the cache without a request, and a changed one with a request', async () => {
    server.reply(chatPath, completion());
    const model = createWrapped({ cache: createMemoryResponseCache() });
    const first = await model.doGenerate(question);
    const second = await model.doGenerate(question);
    expect(first.cached).toBeUndefined();
    expect(second).toEqual({ ...first, cached: true });
    expect(server.requestsTo(chatPath)).toHaveLength(1);
    await model.doGenerate({ ...question, temperature: 0.5 });
    expect(server.requestsTo(chatPath)).toHaveLength(2);
  });

  it('replays a cached answer as a stream, and a finished stream answers a later generate', async () => {
    const cache = createMemoryResponseCache();
    server.reply(chatPath, stream());
    const model = createWrapped({ cache });
    const live = await collect(model.doStream(question));
    expect(live.at(-1)).not.toHaveProperty('cached');
    const replayed = await collect(model.doStream(question));
    expect(textOf(replayed)).toBe(answer);
    expect(replayed.at(-1)).toEqual({
      type: 'finish',
      usage: { promptTokens: 19, completionTokens: 10 },
      finishReason: 'stop',
      cached: true,
    });
    expect(await model.doGenerate(question)).toMatchObject({ text: answer, cached: true });
    expect(server.requestsTo(chatPath)).toHaveLength(1);
  });

  it('does not cache a stream the reader abandoned', async () => {
    const cache = createMemoryResponseCache();
    server.reply(chatPath, stream());
    for await (const part of createWrapped({ cache }).doStream(question)) {
      if (part.type === 'text-delta') break;
    }
    expect(cache.size).toBe(0);
  });

  it('keeps the disk cache free of the API key, and shares entries across keys', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-'));
    try {
      server.reply(chatPath, completion());
      await createWrapped(
        { cache: createDiskResponseCache({ directory }) },
        undefined,
        'sk-secret-1',
      ).doGenerate(question);
      const again = await createWrapped(
        { cache: createDiskResponseCache({ directory }) },
        undefined,
        'sk-secret-2',
      ).doGenerate(question);
      expect(again.cached).toBe(true);
      expect(server.requestsTo(chatPath)).toHaveLength(1);
      const [fanOut] = await readdir(directory);
      const [file] = await readdir(path.join(directory, fanOut ?? ''));
      const stored = await readFile(path.join(directory, fanOut ?? '', file ?? ''), 'utf8');
      expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
      expect(file?.startsWith(fanOut ?? 'x')).toBe(true);
      expect(stored).toContain(answer);
      expect(stored).not.toContain('sk-secret');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('totals tokens and cost across calls, billing no cache hit', async () => {
    server.reply(chatPath, completion());
    const meter = createUsageMeter({
      prices: {
        asOf: '2026-01-01',
        currency: 'USD',
        models: { 'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 } },
      },
    });
    const model = createWrapped({ meter, cache: createMemoryResponseCache() });
    await model.doGenerate(question);
    await model.doGenerate({ ...question, maxTokens: 10 });
    await model.doGenerate(question);
    const totals = meter.totals();
    expect(totals).toMatchObject({
      calls: 3,
      cachedCalls: 1,
      promptTokens: 38,
      completionTokens: 20,
      unpriced: [],
    });
    expect(totals.cost).toBeCloseTo((38 * 0.15 + 20 * 0.6) / 1e6, 15);
  });
});
