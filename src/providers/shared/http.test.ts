import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import {
  type FixtureServer,
  findClosedPortUrl,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import { postForEvents, postJson } from './http.js';
import type { ProviderCallContext } from './provider-error.js';

const context: ProviderCallContext = {
  provider: 'vllm',
  model: 'qwen',
  configKey: 'models.answer',
  baseURL: 'x',
};
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

describe('postJson', () => {
  it('sends JSON with the given headers and parses the answer', async () => {
    server.reply('/x', { json: { ok: 1 } });
    expect(
      await postJson({ context, url: `${server.url}/x`, headers: { 'x-extra': 'y' }, body: { a: [1] } }),
    ).toEqual({ ok: 1 });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      body: { a: [1] },
      headers: { 'x-extra': 'y' },
    });
  });

  it('marks 503 retryable and carries Retry-After', async () => {
    server.reply('/x', { status: 503, headers: { 'retry-after': '2' }, body: 'upstream busy' });
    const error = await failureOf(postJson({ context, url: `${server.url}/x`, headers: {}, body: {} }));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toContain('HTTP 503: upstream busy');
    expect(error.details).toMatchObject({
      status: 503,
      retryAfterMs: 2000,
      retryable: true,
      provider: 'vllm',
      model: 'qwen',
    });
  });

  it('names a refused connection', async () => {
    const closed = await findClosedPortUrl();
    const error = await failureOf(postJson({ context, url: `${closed}/x`, headers: {}, body: {} }));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.details).toMatchObject({ retryable: true, setting: 'models.answer.baseURL' });
    expect(error.hint).toContain('Start the model server');
  });

  it('reports an HTML body without a content type as HTML', async () => {
    server.reply('/x', { body: '<!doctype html><html><head><title>Sign in</title></head></html>' });
    const error = await failureOf(postJson({ context, url: `${server.url}/x`, headers: {}, body: {} }));
    expect(error.message).toContain('HTML instead of JSON (HTML page "Sign in")');
  });

  it('reports a cancelled call as CANCELLED', async () => {
    server.reply('/x', { hang: true });
    const error = await failureOf(
      postJson({ context, url: `${server.url}/x`, headers: {}, body: {}, signal: AbortSignal.timeout(30) }),
    );
    expect(error.code).toBe('CANCELLED');
  });
});

describe('postForEvents', () => {
  it('sends nothing until read, then yields the events', async () => {
    server.reply('/s', { events: 'event: a\ndata: 1\n\ndata: 2\n\n' });
    const events = postForEvents({ context, url: `${server.url}/s`, headers: {}, body: {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    const received = [];
    for await (const event of events) received.push(event);
    expect(received).toEqual([
      { event: 'a', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  it('maps an HTTP error before the stream starts', async () => {
    server.reply('/s', { status: 401, json: { error: { message: 'bad key' } } });
    const error = await failureOf(
      (async () => {
        for await (const _ of postForEvents({ context, url: `${server.url}/s`, headers: {}, body: {} })) {
          // drain
        }
      })(),
    );
    expect(error.code).toBe('PROVIDER_AUTH');
  });
});
