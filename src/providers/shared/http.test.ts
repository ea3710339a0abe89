import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import {
  type FixtureServer,
  findClosedPortUrl,
  startFixtureServer,
} from '../../../test/helpers/fixture-server.js';
import { forgetSecrets, registerSecret } from '../../core/secrets.js';
import { MAX_ERROR_BODY_BYTES, postForEvents, postJson, readCappedText } from './http.js';
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

describe('error bodies', () => {
  const key = 'sk-echoed-0123456789abcdef';
  beforeEach(() => registerSecret(key));
  afterAll(() => forgetSecrets());

  it('never quotes a key the server echoes, in JSON, text or HTML bodies, at any cut', async () => {
    for (const reply of [
      { status: 401, json: { error: { message: `Incorrect API key provided: ${key}` } } },
      // The key straddles the 200-character cut of plain-text bodies.
      { status: 500, body: `${'x'.repeat(190)} key=${key} and more` },
      { status: 429, json: { error: { message: `${'y'.repeat(290)}${key}` } } },
      { status: 502, body: `<html><title>bad gateway for ${key}</title></html>` },
    ]) {
      server.reset();
      server.reply('/x', reply);
      const error = await failureOf(postJson({ context, url: `${server.url}/x`, headers: {}, body: {} }));
      const text = JSON.stringify({ message: error.message, hint: error.hint, details: error.details });
      expect(text).not.toContain(key.slice(0, 10));
      expect(text).not.toContain(key.slice(-10));
    }
  });

  it('reads at most MAX_ERROR_BODY_BYTES of an error body and quotes at most 300 characters', async () => {
    server.reply('/x', { status: 500, json: { error: { message: 'z'.repeat(5_000_000) } } });
    const error = await failureOf(postJson({ context, url: `${server.url}/x`, headers: {}, body: {} }));
    expect(error.message.length).toBeLessThan(600);
    const big = new Response('w'.repeat(MAX_ERROR_BODY_BYTES * 4));
    expect((await readCappedText(big)).length).toBe(MAX_ERROR_BODY_BYTES);
    expect(await readCappedText(new Response('short'))).toBe('short');
  });
});
