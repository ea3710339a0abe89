import { type ErrorCode, errorCodes } from './error-codes.js';
import { redactDeep, redactSecrets } from './secrets.js';

const marker = Symbol.for('knowhow.error');

export interface KnowhowErrorOptions {
  /** How to fix it, addressed to the user. Always say what to change, not only what went wrong. */
  hint?: string;
  cause?: unknown;
  /** Where it happened: file, line, field, case id, provider, model… Shown and serialised. */
  details?: Record<string, unknown>;
}

/**
 * The one error base class. `code` is stable (scripts and HTTP clients branch on it);
 * the message says what went wrong and `hint` how to fix it.
 */
export class KnowhowError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: KnowhowErrorOptions = {}) {
    // Redacted at birth: an error's text travels to every output (CLI, API, rows, logs).
    super(redactSecrets(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KnowhowError';
    this.code = code;
    this.hint = options.hint === undefined ? undefined : redactSecrets(options.hint);
    this.details = redactDeep(options.details ?? {});
  }

  /** Works across copies of the module (the Vercel AI SDK pattern), unlike instanceof. */
  static isInstance(error: unknown): error is KnowhowError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  get exitCode(): number {
    return errorCodes[this.code].exit;
  }

  get httpStatus(): number {
    return errorCodes[this.code].http;
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(Object.keys(this.details).length === 0 ? {} : { details: this.details }),
    };
  }
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

/** Turns anything thrown into a KnowhowError, keeping the original as `cause`. */
export function toKnowhowError(error: unknown, fallback: ErrorCode = 'INTERNAL'): KnowhowError {
  if (KnowhowError.isInstance(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new KnowhowError('CANCELLED', 'The operation was cancelled.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KnowhowError(fallback, message, { cause: error });
}

/** A one-line human description including the hint, for logs and failure rows. */
export function describeError(error: unknown): string {
  const known = toKnowhowError(error);
  return known.hint ? `${known.message} ${known.hint}` : known.message;
}
