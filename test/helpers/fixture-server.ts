import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that speaks recorded provider protocols, scripted per test:
 * queued replies per path (the last one repeats), 429s with Retry-After, 5xx, hangs, malformed
 * or HTML bodies, SSE streams and dropped connections. It records every request it receives.
 */
export interface FixtureReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as is; set content-type in `headers` (default text/plain). */
  body?: string;
  /** Raw Server-Sent Events text, written one event (blank-line separated block) at a time. */
  events?: string;
  /** Pause between SSE events. */
  eventDelayMs?: number;
  /** Drop the connection after this many SSE events (a server dying mid-stream). */
  dropAfterEvents?: number;
  /** Wait before answering. */
  delayMs?: number;
  /** Answer only once this settles: holds requests open until a test says so, whatever the machine's load. */
  gate?: Promise<unknown>;
  /** Never answer: the client has to time out or cancel. */
  hang?: boolean;
}

export type FixtureHandler = (request: RecordedRequest) => FixtureReply;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
}

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Most requests that were being answered at one time. */
  readonly maxInFlight: number;
  /** Queues replies for `path`; they are used in order and the last one repeats. */
  reply(path: string, ...replies: (FixtureReply | FixtureHandler)[]): void;
  requestsTo(path: string): RecordedRequest[];
  /** Forgets queued replies and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

function splitEvents(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\n+/)
    .filter((block) => block.trim() !== '')
    .map((block) => `${block}\n\n`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(response: ServerResponse, reply: FixtureReply): Promise<void> {
  if (reply.gate !== undefined) await reply.gate;
  if (reply.delayMs !== undefined) await pause(reply.delayMs);
  const status = reply.status ?? 200;
  if (reply.events !== undefined) {
    response.writeHead(status, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...reply.headers,
    });
    response.flushHeaders();
    const events = splitEvents(reply.events);
    for (const [index, event] of events.entries()) {
      if (reply.dropAfterEvents !== undefined && index >= reply.dropAfterEvents) {
        response.socket?.destroy();
        return;
      }
      if (response.destroyed) return;
      // Wait for the write to reach the socket, so that a drop after it really comes after it.
      await new Promise<void>((resolve) => response.write(event, () => resolve()));
      if (reply.eventDelayMs !== undefined) await pause(reply.eventDelayMs);
    }
    response.end();
    return;
  }
  if (reply.json !== undefined) {
    response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.json));
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...reply.headers });
  response.end(reply.body ?? '');
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const queues = new Map<string, (FixtureReply | FixtureHandler)[]>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = bodyText === '' ? undefined : JSON.parse(bodyText);
      } catch {
        body = undefined;
      }
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path,
        headers: request.headers,
        bodyText,
        body,
      };
      requests.push(recorded);
      const queue = queues.get(path);
      const next = queue !== undefined && queue.length > 1 ? queue.shift() : queue?.[0];
      const reply: FixtureReply =
        next === undefined
          ? { status: 404, json: { error: { message: `no fixture for ${recorded.method} ${path}` } } }
          : typeof next === 'function'
            ? next(recorded)
            : next;
      if (reply.hang) return;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      response.on('close', () => inFlight--);
      send(response, reply).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    reply(path, ...replies) {
      queues.set(path, [...(queues.get(path) ?? []), ...replies]);
    },
    requestsTo(path) {
      return requests.filter((request) => request.path === path);
    },
    reset() {
      queues.clear();
      requests.length = 0;
      maxInFlight = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** A URL on which nothing listens: a port that was just bound and released, so connecting is refused. */
export async function findClosedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Reads a recorded fixture next to a test: `readFixture(new URL('./__fixtures__/x.sse', import.meta.url))`. */
export function readFixture(url: URL): string {
  return readFileSync(url, 'utf8');
}

export function readJsonFixture<T = unknown>(url: URL): T {
  return JSON.parse(readFixture(url)) as T;
}
