import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../../core/errors.js';
import { registerSecret } from '../../core/secrets.js';
import {
  createCallPolicy,
  extractErrorMessage,
  parseRetryAfter,
  readCappedText,
  summarizeBody,
} from '../../providers/shared/index.js';

/**
 * HTTP for the hosted fine-tuning APIs: JSON and multipart requests with the error mapping the
 * tune stage promises — a missing key names its variable, 401/403 says the key is expired or
 * wrong, a rejected file or job is TUNE_FAILED with the engine's own message. Retries, back-off
 * with jitter, the server's Retry-After and the per-attempt timeout are the shared provider
 * layer's (src/providers/shared), as for every model call. Reads (GET) are retried on
 * 429/5xx/dropped connections; writes are not (creating a job twice costs money).
 */

export interface HostedEndpoint {
  /** `OpenAI`, `Together`: how messages name the engine. */
  label: string;
  baseURL: string;
  /** Environment variable that holds the key (named in messages, never the key itself). */
  apiKeyEnv: string;
  /** Environment variable that overrides the base URL (named in hints). */
  baseURLEnv: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Pause between read retries (the shared layer's timer by default); injectable so tests do not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What every hosted engine takes: where it lives, which variable holds its key, test seams. */
export interface HostedEngineOptions {
  baseURL?: string;
  apiKeyEnv?: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** An engine's endpoint from its options: the option, else `<baseURLEnv>`, else the engine's default. */
export function createHostedEndpoint(
  engine: { label: string; defaultBaseURL: string; apiKeyEnv: string; baseURLEnv: string },
  options: HostedEngineOptions,
): HostedEndpoint {
  const env = options.env ?? process.env;
  return {
    label: engine.label,
    baseURL: options.baseURL ?? env[engine.baseURLEnv] ?? engine.defaultBaseURL,
    apiKeyEnv: options.apiKeyEnv ?? engine.apiKeyEnv,
    baseURLEnv: engine.baseURLEnv,
    env,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
}

/** Uploads a JSONL training file as multipart form data, with the engine's own extra fields first. */
export async function uploadJsonlFile(
  endpoint: HostedEndpoint,
  request: { path: string; file: string; fields: Record<string, string> },
): Promise<{ body: Record<string, unknown>; operation: string }> {
  const name = path.basename(request.file);
  const form = new FormData();
  for (const [field, value] of Object.entries(request.fields)) form.append(field, value);
  form.append('file', new Blob([await readFile(request.file)], { type: 'application/jsonl' }), name);
  const operation = `upload ${name}`;
  const body = (await requestHosted(endpoint, { method: 'POST', path: request.path, form, operation })) ?? {};
  return { body: body as Record<string, unknown>, operation };
}

export function readApiKey(endpoint: HostedEndpoint): string {
  const env = endpoint.env ?? process.env;
  const key = env[endpoint.apiKeyEnv];
  if (key === undefined || key.trim() === '') {
    throw new KnowhowError(
      'PROVIDER_CONFIG',
      `${endpoint.label} fine-tuning needs an API key, and ${endpoint.apiKeyEnv} is not set.`,
      {
        hint: `export ${endpoint.apiKeyEnv}=<your ${endpoint.label} API key>, then run the command again.`,
        details: { engine: endpoint.label, setting: endpoint.apiKeyEnv },
      },
    );
  }
  registerSecret(key);
  return key.trim();
}

export interface HostedRequest {
  method: 'GET' | 'POST';
  path: string;
  json?: unknown;
  form?: FormData;
  /** What was being done, for messages: "upload train.jsonl", "create the job". */
  operation: string;
  /** The job the request is about, for not-found messages. */
  jobId?: string;
}

/** Attempts of a read: the first and two retries. */
const READ_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 120_000;

export async function requestHosted(endpoint: HostedEndpoint, request: HostedRequest): Promise<unknown> {
  const key = readApiKey(endpoint);
  const timeoutMs = endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = createCallPolicy(
    { provider: endpoint.label, modelId: request.operation },
    {
      retry: { maxRetries: request.method === 'GET' ? READ_RETRIES : 0 },
      timeoutMs,
      configKey: endpoint.baseURLEnv,
      ...(endpoint.sleep ? { sleep: endpoint.sleep } : {}),
    },
  );
  try {
    return await policy.run(undefined, (signal) => sendOnce(endpoint, request, key, signal));
  } catch (error) {
    // The shared layer words a timeout for a model's knowhow.yaml section; a fine-tuning API has none.
    if (
      KnowhowError.isInstance(error) &&
      error.code === 'PROVIDER_TIMEOUT' &&
      error.details.engine === undefined
    ) {
      const url = `${endpoint.baseURL.replace(/\/+$/, '')}${request.path}`;
      throw new KnowhowError(
        'PROVIDER_TIMEOUT',
        `${endpoint.label} did not answer the request to ${request.operation} at ${url} within ${timeoutMs} ms.`,
        {
          cause: error,
          hint: `Check the network, or ${endpoint.baseURLEnv} if you point knowhow at another server.`,
          details: { engine: endpoint.label, url, retryable: false },
        },
      );
    }
    throw error;
  }
}

async function sendOnce(
  endpoint: HostedEndpoint,
  request: HostedRequest,
  key: string,
  signal: AbortSignal,
): Promise<unknown> {
  const url = `${endpoint.baseURL.replace(/\/+$/, '')}${request.path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
  let body: string | FormData | undefined;
  if (request.form) body = request.form;
  else if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  let response: Response;
  try {
    response = await (endpoint.fetch ?? fetch)(url, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal,
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new KnowhowError(
      timedOut ? 'PROVIDER_TIMEOUT' : 'PROVIDER_UNAVAILABLE',
      `${endpoint.label} could not be reached to ${request.operation} at ${url} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}).`,
      {
        cause: error,
        hint: `Check the network, or ${endpoint.baseURLEnv} if you point knowhow at another server.`,
        details: { engine: endpoint.label, url, retryable: !timedOut },
      },
    );
  }
  if (!response.ok) {
    throw mapHttpError(
      endpoint,
      request,
      response.status,
      await readCappedText(response),
      parseRetryAfter(response.headers),
    );
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new KnowhowError(
      'PROVIDER_RESPONSE',
      `${endpoint.label} answered ${request.operation} with something that is not JSON (${summarizeBody(text)}).`,
      {
        cause: error,
        hint: `Check that ${endpoint.baseURLEnv} (${endpoint.baseURL}) points at the ${endpoint.label} API, ending in /v1.`,
        details: { engine: endpoint.label, url, status: response.status },
      },
    );
  }
}

function mapHttpError(
  endpoint: HostedEndpoint,
  request: HostedRequest,
  status: number,
  text: string,
  retryAfterMs: number | undefined,
): KnowhowError {
  const { message, type } = extractErrorMessage(text);
  const said = `HTTP ${status}${type ? ` ${type}` : ''}: ${message}`;
  const details = { engine: endpoint.label, status, operation: request.operation, engineMessage: message };
  if (status === 401 || status === 403) {
    return new KnowhowError(
      'PROVIDER_AUTH',
      `${endpoint.label} rejected the API key in ${endpoint.apiKeyEnv} (${said}): the key is expired or wrong.`,
      {
        hint: `Create a new key in your ${endpoint.label} account and export ${endpoint.apiKeyEnv}=<key>.`,
        details: { ...details, setting: endpoint.apiKeyEnv, retryable: false },
      },
    );
  }
  if (status === 429 || status >= 500) {
    return new KnowhowError(
      status === 429 ? 'PROVIDER_RATE_LIMIT' : 'PROVIDER_UNAVAILABLE',
      `${endpoint.label} could not ${request.operation} (${said}).`,
      {
        hint: 'The service is busy or failing; try again in a few minutes.',
        details: { ...details, retryable: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      },
    );
  }
  if (status === 404 && request.jobId !== undefined) {
    return new KnowhowError(
      'INPUT_NOT_FOUND',
      `${endpoint.label} has no fine-tuning job "${request.jobId}" (${said}).`,
      {
        hint: 'Check the job id with `knowhow tune status`, and that the key belongs to the account that created it.',
        details: { ...details, retryable: false },
      },
    );
  }
  // 400/404/409/422: the engine looked at the file or job and said no — its reason is the message.
  return new KnowhowError(
    'TUNE_FAILED',
    `${endpoint.label} rejected the request to ${request.operation}: ${message}`,
    {
      hint: 'Fix what the engine names above (file format, model name, hyperparameters), then launch again.',
      details: { ...details, retryable: false },
    },
  );
}

/** Picks a field's value as a string, or throws PROVIDER_RESPONSE naming what was missing. */
export function requireString(
  endpoint: HostedEndpoint,
  value: unknown,
  field: string,
  operation: string,
): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new KnowhowError('PROVIDER_RESPONSE', `${endpoint.label} answered ${operation} without "${field}".`, {
    hint: `Check that ${endpoint.baseURLEnv} (${endpoint.baseURL}) points at the ${endpoint.label} API.`,
    details: { engine: endpoint.label, field },
  });
}
