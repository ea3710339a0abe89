/**
 * The one table that maps every stable error code to a process exit code and an HTTP status.
 * The CLI and the server both read it, so a failure means the same thing wherever it surfaces.
 */
export const errorCodes = {
  USAGE: { exit: 2, http: 400, summary: 'The command line or request is malformed.' },
  CONFIG_INVALID: { exit: 3, http: 500, summary: 'knowhow.yaml does not match its schema.' },
  CONFIG_NOT_FOUND: { exit: 3, http: 500, summary: 'No knowhow.yaml was found.' },
  INPUT_INVALID: { exit: 4, http: 400, summary: 'An input file or record is malformed.' },
  INPUT_NOT_FOUND: { exit: 4, http: 404, summary: 'A named file, run or resource does not exist.' },
  INPUT_TOO_LARGE: { exit: 4, http: 413, summary: 'An input exceeds a configured size limit.' },
  CASES_INVALID: { exit: 4, http: 400, summary: 'A test case file is malformed.' },
  NOTHING_INGESTED: { exit: 5, http: 422, summary: 'No document could be ingested.' },
  INGEST_FAILED: { exit: 5, http: 422, summary: 'Some documents failed to ingest (strict mode).' },
  INDEX_MISSING: { exit: 6, http: 409, summary: 'The index has not been built yet.' },
  INDEX_INCOMPATIBLE: { exit: 6, http: 409, summary: 'The index was built with different settings.' },
  INDEX_FAILED: { exit: 6, http: 500, summary: 'The index store failed.' },
  INDEX_UNAVAILABLE: {
    exit: 6,
    http: 503,
    summary: 'The index database cannot be reached or lacks a required extension.',
  },
  // 75 is EX_TEMPFAIL (sysexits.h): a cron job may simply run again later; 423 Locked, with Retry-After.
  INDEX_LOCKED: {
    exit: 75,
    http: 423,
    summary: 'Another process is writing the index; try again when it ends.',
  },
  PROVIDER_CONFIG: { exit: 7, http: 500, summary: 'A model provider is misconfigured.' },
  PROVIDER_AUTH: { exit: 7, http: 502, summary: 'A model provider rejected the credentials.' },
  PROVIDER_RATE_LIMIT: { exit: 7, http: 503, summary: 'A model provider kept rate-limiting after retries.' },
  PROVIDER_TIMEOUT: { exit: 7, http: 504, summary: 'A model call timed out.' },
  PROVIDER_RESPONSE: { exit: 7, http: 502, summary: 'A model provider returned an unusable response.' },
  PROVIDER_UNAVAILABLE: { exit: 7, http: 502, summary: 'A model provider could not be reached.' },
  MODEL_LOAD: { exit: 7, http: 500, summary: 'A local model file could not be loaded.' },
  OUTPUT_INVALID: { exit: 7, http: 502, summary: 'Model output did not satisfy the requested schema.' },
  EVAL_THRESHOLD: { exit: 8, http: 200, summary: 'An eval metric is below its --fail-under threshold.' },
  REGRESSION_LOSS: {
    exit: 8,
    http: 200,
    summary: 'The tuned model lost more out-of-domain cases than --fail-on-loss allows.',
  },
  VARIANT_FAILED: {
    exit: 12,
    http: 502,
    summary: 'An eval variant has no successful row: every model call of it failed.',
  },
  TUNE_FAILED: { exit: 9, http: 502, summary: 'A fine-tuning job failed or was rejected.' },
  UNAUTHORIZED: { exit: 10, http: 401, summary: 'Missing or unknown API key.' },
  FORBIDDEN: { exit: 10, http: 403, summary: 'The key may not do this.' },
  RATE_LIMITED: { exit: 10, http: 429, summary: 'Too many requests for this key.' },
  HOST_NOT_ALLOWED: {
    exit: 10,
    http: 403,
    summary: 'The Host header names neither this machine nor serve.allowedHosts (DNS rebinding).',
  },
  FOREIGN_ORIGIN: {
    exit: 10,
    http: 403,
    summary: 'A state-changing request came from another web origin (cross-site request).',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    exit: 2,
    http: 415,
    summary: 'The request body is not of a type this endpoint parses.',
  },
  TIMEOUT: { exit: 11, http: 504, summary: 'The operation ran past its time limit.' },
  WRITE_FAILED: { exit: 13, http: 500, summary: 'An output file could not be written.' },
  CANCELLED: { exit: 130, http: 499, summary: 'The operation was cancelled.' },
  INTERNAL: { exit: 1, http: 500, summary: 'An unexpected internal error.' },
} as const satisfies Record<string, { exit: number; http: number; summary: string }>;

export type ErrorCode = keyof typeof errorCodes;

export function exitCodeFor(code: ErrorCode): number {
  return errorCodes[code].exit;
}

export function httpStatusFor(code: ErrorCode): number {
  return errorCodes[code].http;
}
