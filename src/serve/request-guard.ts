import type { MiddlewareHandler } from 'hono';
import { KnowhowError } from '../core/errors.js';
import type { ServeEnv } from './serve-runtime.js';

/**
 * What keeps a web page out of the API. Without keys the server trusts whoever reaches its
 * loopback port, and a browser reaches it for any page: a DNS-rebinding page (its own name
 * resolving to 127.0.0.1) reads responses as same-origin, and any page may send "simple"
 * cross-site POSTs (text/plain, form-urlencoded: no CORS preflight) whose answers it cannot read
 * but whose effects (an ingested document, a feedback entry) stay. Three checks, in order:
 * the Host the request is addressed to, the Origin of state-changing requests, and the body type.
 */

/** `Host` without port and brackets, lower-case, trailing dot dropped: what names are compared as. */
export function normalizeHostName(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, name.indexOf(']') < 0 ? undefined : name.indexOf(']'));
  else if (name.split(':').length === 2) name = name.slice(0, name.indexOf(':'));
  return name.replace(/\.$/, '');
}

/** localhost, *.localhost (RFC 6761: browsers resolve it to loopback themselves), 127/8, ::1. */
export function isLoopbackName(name: string): boolean {
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '::1' ||
    /^127(?:\.\d{1,3}){3}$/.test(name) ||
    name === '::ffff:127.0.0.1'
  );
}

/** Whether `name` is loopback or matches an allowed entry (`kb.example.com`, or `*.example.com`). */
export function isAllowedHostName(name: string, allowedHosts: readonly string[]): boolean {
  if (isLoopbackName(name)) return true;
  return allowedHosts.some((entry) => {
    const allowed = normalizeHostName(entry);
    if (allowed.startsWith('*.')) return name.endsWith(allowed.slice(1)) && name.length > allowed.length - 1;
    return name === allowed;
  });
}

export interface HostGuardOptions {
  allowedHosts: readonly string[];
  /** Without keys every request is checked; with keys only when allowedHosts is set (the key guards). */
  enforce: boolean;
}

/** The names a request is addressed to: its Host header and its URL (an absolute request line). */
function addressedNames(request: Request): string[] {
  const names = [normalizeHostName(new URL(request.url).host)];
  const header = request.headers.get('host');
  if (header !== null) names.push(normalizeHostName(header));
  return names;
}

/** Refuses requests addressed to a name that is not this machine's: DNS rebinding. */
export function hostGuard(options: HostGuardOptions): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    if (options.enforce) {
      const refused = addressedNames(c.req.raw).find(
        (name) => !isAllowedHostName(name, options.allowedHosts),
      );
      if (refused !== undefined) {
        throw new KnowhowError('HOST_NOT_ALLOWED', `Requests addressed to "${refused}" are refused.`, {
          hint: 'Open the server as http://127.0.0.1:<port> or http://localhost:<port>; a name a proxy forwards must be listed in serve.allowedHosts (knowhow.yaml).',
        });
      }
    }
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser marks as coming from another origin. Browsers
 * send `Origin` on every cross-origin POST (and `Sec-Fetch-Site` since 2020-2023); a request
 * with neither is not from a web page (curl, SDKs) and passes. Same-origin means the same host
 * and port: the scheme is not compared, so a TLS-terminating proxy keeps the dashboard working.
 */
export function originGuard(): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      const requestHost = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
      const foreign =
        (site !== undefined && site !== 'same-origin' && site !== 'none') ||
        (origin !== undefined && !isSameHost(origin, requestHost));
      if (foreign) {
        throw new KnowhowError(
          'FOREIGN_ORIGIN',
          `A ${c.req.method} from ${origin === undefined ? 'another site' : `origin ${JSON.stringify(origin)}`} was refused: only the dashboard served here may change things from a browser.`,
          {
            hint: 'Use the dashboard at this server’s own address, or call the API from a program (no Origin header), with an API key where keys are configured.',
          },
        );
      }
    }
    await next();
  };
}

function isSameHost(origin: string, requestHost: string): boolean {
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === new URL(`http://${requestHost}`).host;
  } catch {
    return false;
  }
}

/**
 * Refuses a body of any other media type with 415 before it is read. Requiring JSON (or
 * multipart for uploads) is what forces a cross-site page into a CORS preflight, which this
 * server never grants.
 */
export function acceptBody(...mediaTypes: string[]): MiddlewareHandler<ServeEnv> {
  return async (c, next) => {
    const header = c.req.header('content-type');
    const mediaType = header?.split(';')[0]?.trim().toLowerCase();
    if (mediaType === undefined || !mediaTypes.includes(mediaType)) {
      throw new KnowhowError(
        'UNSUPPORTED_MEDIA_TYPE',
        `${c.req.method} ${c.req.path} takes ${mediaTypes.join(' or ')}, not ${header === undefined ? 'a body without Content-Type' : JSON.stringify(header)}.`,
        { hint: `Send the header "Content-Type: ${mediaTypes[0]}".` },
      );
    }
    await next();
  };
}
