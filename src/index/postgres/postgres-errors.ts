import { KnowhowError } from '../../core/errors.js';

/**
 * Reading errors of the pg driver: a server error carries a SQLSTATE `code`, `detail` and `hint`;
 * a network failure a Node system error code. Neither ever contains the password, which is why
 * their text may be shown (the URL never is, only its redacted form).
 */

const networkCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATE classes and codes that mean "cannot reach or enter the database", not "bad query". */
function isConnectionState(state: string): boolean {
  return (
    state.startsWith('08') || // connection exception
    state.startsWith('28') || // invalid authorization (wrong password, no such role)
    state === '3D000' || // database does not exist
    state === '57P01' || // admin shutdown
    state === '57P03' // cannot connect now (starting up)
  );
}

export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (networkCodes.has(code) || isConnectionState(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connect ECONNREFUSED|timeout expired/i.test(message);
}

/** The error's message with the server's detail, hint and SQLSTATE, when it gave them. */
export function describePostgresError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { code?: unknown; detail?: unknown; hint?: unknown };
  const parts = [fields.message || fields.name];
  if (typeof fields.detail === 'string' && fields.detail) parts.push(fields.detail);
  if (typeof fields.hint === 'string' && fields.hint) parts.push(`(${fields.hint})`);
  if (typeof fields.code === 'string' && fields.code) parts.push(`[${fields.code}]`);
  if (!fields.message && error instanceof AggregateError) {
    parts.push(error.errors.map((inner) => describePostgresError(inner)).join('; '));
  }
  return parts.join(' ');
}

/** A database error as knowhow reports it: a connection failure or a failed statement, never the password. */
export function wrapError(
  error: unknown,
  redactedUrl: string,
  message: string,
  extra: { hint?: string; details?: Record<string, unknown> } = {},
): KnowhowError {
  if (KnowhowError.isInstance(error)) return error;
  if (isConnectionError(error)) {
    return new KnowhowError(
      'INDEX_UNAVAILABLE',
      `${message} ${redactedUrl}: ${describePostgresError(error)}`,
      {
        cause: error,
        hint: 'Check that the server runs and accepts connections, the URL (KNOWHOW_DATABASE_URL) and the credentials.',
      },
    );
  }
  return new KnowhowError('INDEX_FAILED', `${message} ${describePostgresError(error)}`, {
    cause: error,
    ...(extra.hint ? { hint: extra.hint } : {}),
    details: { database: redactedUrl, ...extra.details },
  });
}
