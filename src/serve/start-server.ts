import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { KnowhowError } from '../core/errors.js';

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** Requests being served right now. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets in-flight requests (streams included) finish, then
   * resolves. After `graceMs` the remaining connections are cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

export interface StartServerOptions {
  // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env type
  app: Hono<any>;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** Whether a host name binds to this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** Serves the app on Node's HTTP server, with in-flight tracking for graceful shutdown. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch: options.app.fetch, hostname: options.host }) as Server;
  let active = 0;
  let closing = false;
  const idleWaiters: (() => void)[] = [];
  server.on('request', (_request, response) => {
    active++;
    if (closing) response.setHeader('Connection', 'close');
    response.once('close', () => {
      active--;
      if (closing) server.closeIdleConnections();
      if (active === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    });
  });
  // Slow or stuck clients must not hold sockets forever.
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        new KnowhowError(
          'USAGE',
          error.code === 'EADDRINUSE'
            ? `Port ${options.port} on ${options.host} is already in use.`
            : `Cannot listen on ${options.host}:${options.port}: ${error.message}`,
          { hint: 'Pick another port with --port (0 picks a free one), or stop the other server.' },
        ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    host: address.address,
    port: address.port,
    inFlight: () => active,
    close(closeOptions = {}) {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        const grace = setTimeout(() => server.closeAllConnections(), closeOptions.graceMs ?? 30_000);
        grace.unref();
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeIdleConnections();
        if (active > 0) idleWaiters.push(() => server.closeIdleConnections());
      });
      return closed;
    },
  };
}
