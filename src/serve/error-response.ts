import os from 'node:os';
import type { ErrorCode } from '../core/error-codes.js';
import { KnowhowError, toKnowhowError } from '../core/errors.js';

/**
 * The one error shape of every /v1 response, close to OpenAI's so that its SDKs surface it:
 * `error.message` becomes the exception message and `error.code` stays our stable code.
 */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** The code lower-cased (OpenAI clients read `type`). */
    type: string;
    /** The request field at fault, when there is one (`messages[2].role`). */
    param: string | null;
    hint?: string;
  };
}

const INTERNAL_MESSAGE = 'An unexpected internal error occurred; the server logged it.';

/** Absolute POSIX or Windows paths inside a message: the server's layout is nobody's business. */
const absolutePath = /(^|[\s"'`(=[])(\/(?:[^\s"'`():,;]+\/?)+|[A-Za-z]:\\[^\s"'`():,;]+)/g;

/** This server's own routes (`/v1/search`, `/healthz`) are not server paths. */
const apiRoute = /^\/(?:v1|healthz|runs)(?:[/.]|$)/;

/** What may stand right before a path in a message: start, space, quote, bracket, `=`. */
const pathStart = `(^|[\\s"'\`(=[])`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces the given roots with nothing (or `.` for the root itself) and any other absolute path
 * with `<path>`. A root counts only as a whole path prefix: `/root` is the home folder in
 * `/root/x`, never inside a user's `docs/root-cause.md` or `/srv/app` inside `/srv/app-v2`.
 */
export function scrubPaths(text: string, roots: readonly string[] = []): string {
  let scrubbed = text;
  const known = [...roots, os.tmpdir(), os.homedir()].filter((root) => root.length > 1);
  for (const root of known.sort((a, b) => b.length - a.length)) {
    const bare = root.replace(/[\\/]+$/, '');
    const separator = root.includes('\\') && !root.includes('/') ? '\\\\' : '/';
    const pattern = new RegExp(
      `${pathStart}${escapeRegExp(bare)}(?:${separator}|(?=$|[\\s"'\`):,;\\]]|\\.(?:$|\\s)))`,
      'g',
    );
    scrubbed = scrubbed.replace(pattern, (match, before: string) =>
      match.endsWith('/') || match.endsWith('\\') ? before : `${before}.`,
    );
  }
  return scrubbed.replace(absolutePath, (match, before: string, found: string) =>
    apiRoute.test(found) || found.length < 3 ? match : `${before}<path>`,
  );
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  error: KnowhowError;
}

/**
 * Any thrown value as a status and body. INTERNAL errors keep their message out of the response
 * (it may hold a stack-worthy detail); every message loses absolute paths.
 */
export function toErrorResponse(thrown: unknown, roots: readonly string[] = []): ErrorResponse {
  const error = toKnowhowError(thrown);
  const internal = error.code === 'INTERNAL';
  const message = internal ? INTERNAL_MESSAGE : scrubPaths(error.message, roots);
  const param = typeof error.details.param === 'string' ? error.details.param : null;
  return {
    status: error.httpStatus,
    error,
    body: {
      error: {
        code: error.code,
        message,
        type: error.code.toLowerCase(),
        param,
        ...(error.hint && !internal ? { hint: scrubPaths(error.hint, roots) } : {}),
      },
    },
  };
}

/** A KnowhowError about one request field: `param` travels to the client. */
export function fieldError(code: ErrorCode, param: string, message: string, hint?: string): KnowhowError {
  return new KnowhowError(code, message, { details: { param }, ...(hint === undefined ? {} : { hint }) });
}
