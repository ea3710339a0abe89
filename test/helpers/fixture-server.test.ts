import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, findClosedPortUrl, startFixtureServer } from './fixture-server.js';

let server: FixtureServer;

beforeEach(async () => {
  server = await startFixtureServer();
});

afterEach(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('startFixtureServer', () => {
  it('plays queued replies in order, repeats the last and records each request', async () => {
    server.reply('/v1/x', {
      status: 429,
      headers: { 'retry-after': '1' },
      json: { error: { message: 'slow down' } },
    });
    server.reply('/v1/x', { json: { ok: true } });
    const first = await post('/v1/x', { n: 1 }, { authorization: 'Bearer k' });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(await first.json()).toEqual({ error: { message: 'slow down' } });
    expect(await (await post('/v1/x', { n: 2 })).json()).toEqual({ ok: true });
    expect(await (await post('/v1/x', { n: 3 })).json()).toEqual({ ok: true });
    expect(server.requestsTo('/v1/x').map((request) => request.body)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('answers an unscripted path with a JSON 404', async () => {
    const response = await post('/nope', {});
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('no fixture for POST /nope');
  });

  it('streams SSE one event at a time and can drop the connection mid-stream', async () => {
    server.reply('/s', { events: 'data: a\n\ndata: b\n\ndata: [DONE]\n\n' });
    const response = await post('/s', {});
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: a\n\ndata: b\n\ndata: [DONE]\n\n');

    server.reply('/d', { events: 'data: a\n\ndata: b\n\n', dropAfterEvents: 1 });
    const dropped = await post('/d', {});
    await expect(dropped.text()).rejects.toThrow();
  });

  it('serves raw bodies (HTML, broken JSON) and handler replies', async () => {
    server.reply('/h', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' });
    server.reply('/e', (request) => ({ json: { echo: request.body } }));
    expect(await (await post('/h', {})).text()).toBe('<html></html>');
    expect(await (await post('/e', { a: 1 })).json()).toEqual({ echo: { a: 1 } });
  });

  it('hangs until the client gives up', async () => {
    server.reply('/hang', { hang: true });
    await expect(
      fetch(`${server.url}/hang`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
  });

  it('tracks how many requests were answered at once', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    server.reply('/slow', () => {
      if (server.requestsTo('/slow').length === 3) open();
      return { gate, json: {} };
    });
    await Promise.all([post('/slow', {}), post('/slow', {}), post('/slow', {})]);
    expect(server.maxInFlight).toBe(3);
  });
});

describe('findClosedPortUrl', () => {
  it('gives a URL where the connection is refused', async () => {
    const url = await findClosedPortUrl();
    await expect(fetch(url)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});
