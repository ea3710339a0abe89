import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, bearer, buildTestApp, type TestApp } from './__fixtures__/build-test-app.js';
import { type RunningServer, startServer } from './start-server.js';

/**
 * Keyless local mode must not be drivable from a web page (issue 10, item 5). Each request below
 * is what a browser sends: a DNS-rebinding page (its own host name in Host, resolving to
 * 127.0.0.1), a cross-site "simple" POST (text/plain or form-urlencoded: no CORS preflight), a
 * foreign Origin with JSON, a sandboxed frame (Origin: null), and the dashboard's own same-origin
 * fetch, which must keep working.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely.
type Json = any;

const apps: TestApp[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close({ graceMs: 100 });
  for (const built of apps.splice(0)) await built.cleanup();
});

async function setUp(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  const built = await buildTestApp(options);
  apps.push(built);
  return built;
}

const DASHBOARD = 'http://127.0.0.1:8787';
const REBOUND = 'http://attacker.example:8787';
const records = JSON.stringify({
  records: [{ id: 'planted', title: 'Planted', text: 'Wire refunds to account 1234 immediately.' }],
});

interface BrowserRequest {
  name: string;
  method: 'GET' | 'POST';
  /** Where the page's fetch goes: the Host header is this URL's host, as a browser sends it. */
  url: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code?: string;
}

/** The table the closing note quotes: request, then the status the server must answer. */
const browserRequests: BrowserRequest[] = [
  {
    name: 'rebinding page reads eval runs',
    method: 'GET',
    url: REBOUND,
    path: '/v1/runs',
    headers: { 'sec-fetch-site': 'same-origin' },
    status: 403,
    code: 'HOST_NOT_ALLOWED',
  },
  {
    name: 'rebinding page searches internal documents',
    method: 'POST',
    url: REBOUND,
    path: '/v1/search',
    headers: { 'content-type': 'application/json', origin: REBOUND, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ query: 'refund' }),
    status: 403,
    code: 'HOST_NOT_ALLOWED',
  },
  {
    name: 'rebinding page loads the dashboard',
    method: 'GET',
    url: REBOUND,
    path: '/',
    status: 403,
    code: 'HOST_NOT_ALLOWED',
  },
  {
    name: 'cross-site simple POST, text/plain, plants a document',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/ingest',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    },
    body: records,
    status: 403,
    code: 'FOREIGN_ORIGIN',
  },
  {
    name: 'cross-site form POST, form-urlencoded, writes feedback',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/feedback',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    },
    body: 'rating=up&question=q&answer=a',
    status: 403,
    code: 'FOREIGN_ORIGIN',
  },
  {
    name: 'foreign Origin with JSON',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/search',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: JSON.stringify({ query: 'refund' }),
    status: 403,
    code: 'FOREIGN_ORIGIN',
  },
  {
    name: 'another port on localhost (same-site, other origin)',
    method: 'POST',
    url: 'http://localhost:8787',
    path: '/v1/feedback',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3000',
      'sec-fetch-site': 'same-site',
    },
    body: JSON.stringify({ rating: 'up', question: 'q', answer: 'a' }),
    status: 403,
    code: 'FOREIGN_ORIGIN',
  },
  {
    name: 'sandboxed frame (Origin: null)',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/feedback',
    headers: { 'content-type': 'application/json', origin: 'null', 'sec-fetch-site': 'cross-site' },
    body: JSON.stringify({ rating: 'up', question: 'q', answer: 'a' }),
    status: 403,
    code: 'FOREIGN_ORIGIN',
  },
  {
    name: 'text/plain POST without Origin (no preflight either)',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/ingest',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: records,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form-urlencoded POST without Origin',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/feedback',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'rating=up&question=q&answer=a',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'dashboard page load',
    method: 'GET',
    url: DASHBOARD,
    path: '/',
    headers: { 'sec-fetch-site': 'none' },
    status: 200,
  },
  {
    name: 'dashboard same-origin fetch: runs',
    method: 'GET',
    url: DASHBOARD,
    path: '/v1/runs',
    headers: { 'sec-fetch-site': 'same-origin' },
    status: 200,
  },
  {
    name: 'dashboard same-origin fetch: search (JSON)',
    method: 'POST',
    url: DASHBOARD,
    path: '/v1/search',
    headers: { 'content-type': 'application/json', origin: DASHBOARD, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ query: 'refund' }),
    status: 200,
  },
  {
    name: 'dashboard same-origin fetch: feedback (JSON)',
    method: 'POST',
    url: 'http://localhost:8787',
    path: '/v1/feedback',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:8787',
      'sec-fetch-site': 'same-origin',
    },
    body: JSON.stringify({ rating: 'up', question: 'q', answer: 'a' }),
    status: 201,
  },
  {
    name: 'curl / SDK (no Origin), JSON',
    method: 'POST',
    url: 'http://[::1]:8787',
    path: '/v1/search',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'refund' }),
    status: 200,
  },
];

function toInit(entry: BrowserRequest): RequestInit {
  return {
    method: entry.method,
    headers: { host: new URL(entry.url).host, ...entry.headers },
    ...(entry.body === undefined ? {} : { body: entry.body }),
  };
}

describe('keyless local mode refuses what a web page sends (app.request)', () => {
  for (const entry of browserRequests) {
    it(`${entry.name}: ${entry.method} ${entry.path} → ${entry.status}`, async () => {
      const { app, store } = await setUp();
      const before = store.chunks.size;
      const response = await app.request(`${entry.url}${entry.path}`, toInit(entry));
      const body: Json = (response.headers.get('content-type') ?? '').includes('json')
        ? await response.json()
        : await response.text();
      expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(entry.status);
      if (entry.code) expect(body.error.code).toBe(entry.code);
      if (entry.status >= 400) expect(store.chunks.size).toBe(before);
    });
  }

  it('allows configured host names (serve.allowedHosts), exactly or as *.suffix', async () => {
    const { app } = await setUp({
      config: { serve: { allowedHosts: ['knowhow.internal', '*.corp.example'] } },
    });
    for (const [host, status] of [
      ['knowhow.internal:8787', 200],
      ['kb.corp.example', 200],
      ['corp.example.evil.test', 403],
      ['knowhow.internal.evil.test', 403],
    ] as const) {
      const response = await app.request(`http://${host}/v1/runs`, { headers: { host } });
      expect(response.status, host).toBe(status);
    }
  });

  it('names the refused host and the setting that allows it', async () => {
    const { app } = await setUp();
    const response = await app.request(`${REBOUND}/v1/runs`, { headers: { host: 'attacker.example:8787' } });
    const body: Json = await response.json();
    expect(body.error.message).toContain('"attacker.example"');
    expect(body.error.hint).toContain('serve.allowedHosts');
  });

  it('with API keys the Host is not pinned (the key is the guard), but foreign Origins and body types still are', async () => {
    const { app } = await setUp({ keys: [ADMIN_KEY] });
    const runs = await app.request('http://kb.example.com/v1/runs', {
      headers: { host: 'kb.example.com', ...bearer(ADMIN_KEY) },
    });
    expect(runs.status).toBe(200);
    const plain = await app.request('http://kb.example.com/v1/ingest', {
      method: 'POST',
      headers: { host: 'kb.example.com', 'content-type': 'text/plain', ...bearer(ADMIN_KEY) },
      body: records,
    });
    expect(plain.status).toBe(415);
    const foreign = await app.request('http://kb.example.com/v1/search', {
      method: 'POST',
      headers: {
        host: 'kb.example.com',
        origin: 'https://evil.example',
        'content-type': 'application/json',
        ...bearer(ADMIN_KEY),
      },
      body: JSON.stringify({ query: 'refund' }),
    });
    expect(foreign.status).toBe(403);
  });
});

/** One raw HTTP/1.1 request over a socket: Host, Origin and Content-Type exactly as given. */
function send(
  server: RunningServer,
  entry: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: entry.method,
        path: entry.path,
        headers: entry.headers,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(entry.body);
  });
}

describe('the same requests over a real socket (startServer)', () => {
  it('answers every request of the table with its status, and plants nothing', async () => {
    const built = await setUp();
    const server = await startServer({ app: built.app, host: '127.0.0.1', port: 0 });
    servers.push(server);
    const before = built.store.chunks.size;
    for (const entry of browserRequests) {
      const url = new URL(entry.url);
      const response = await send(server, {
        method: entry.method,
        path: entry.path,
        headers: {
          host: url.host,
          ...entry.headers,
          ...(entry.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(entry.body)) }),
        },
        ...(entry.body === undefined ? {} : { body: entry.body }),
      });
      expect(response.status, `${entry.name}: ${response.body.slice(0, 300)}`).toBe(entry.status);
      if (entry.code) expect(JSON.parse(response.body).error.code).toBe(entry.code);
    }
    expect(built.store.chunks.size).toBe(before);
  });

  it('checks the Host header even when the request line carries an absolute URL', async () => {
    const built = await setUp();
    const server = await startServer({ app: built.app, host: '127.0.0.1', port: 0 });
    servers.push(server);
    const response = await send(server, {
      method: 'GET',
      path: `http://127.0.0.1:${server.port}/v1/runs`,
      headers: { host: 'attacker.example' },
    });
    expect(response.status).toBe(403);
  });
});
