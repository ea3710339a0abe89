import type { ErrorCode } from '../../core/error-codes.js';
import { KnowhowError } from '../../core/errors.js';
import { redactSecrets } from '../../core/secrets.js';

/**
 * Longest provider explanation quoted in a message: OpenAI's and Anthropic's own error messages
 * run to ~250 characters; an HTML error page or a proxy dumping the request would run to
 * kilobytes in every failed row of an eval.
 */
export const MAX_PROVIDER_MESSAGE_CHARS = 300;

/** Secrets out first, then the cut: cutting first could leave half a key that no longer matches. */
function capMessage(text: string, max = MAX_PROVIDER_MESSAGE_CHARS): string {
  const clean = redactSecrets(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * Who was being called, so that every provider error names the provider, the model and the
 * knowhow.yaml key to change. `configKey` is the model's section, e.g. `models.answer`.
 */
export interface ProviderCallContext {
  provider: string;
  model: string;
  configKey: string;
  baseURL?: string;
  apiKeyEnv?: string;
}

export interface ProviderErrorDetails {
  provider: string;
  model: string;
  status?: number;
  retryAfterMs?: number;
  /** The shared layer retries only errors marked retryable. */
  retryable: boolean;
  /** The knowhow.yaml key (or environment variable) the hint is about. */
  setting?: string;
  baseURL?: string;
}

function describeModel(context: ProviderCallContext): string {
  const where = context.baseURL === undefined ? '' : ` at ${context.baseURL}`;
  return `${context.provider} model "${context.model}"${where}`;
}

interface ProviderErrorInput {
  code: ErrorCode;
  message: string;
  hint: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  setting?: string;
  cause?: unknown;
}

function createProviderError(context: ProviderCallContext, input: ProviderErrorInput): KnowhowError {
  const details: ProviderErrorDetails = {
    provider: context.provider,
    model: context.model,
    retryable: input.retryable,
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs }),
    ...(input.setting === undefined ? {} : { setting: input.setting }),
    ...(context.baseURL === undefined ? {} : { baseURL: context.baseURL }),
  };
  return new KnowhowError(input.code, `${describeModel(context)}: ${input.message}`, {
    hint: input.hint,
    details: { ...details },
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
}

/** A setting that makes the provider unusable before any request is sent. */
export function createProviderConfigError(
  context: ProviderCallContext,
  input: { message: string; setting: string; hint: string },
): KnowhowError {
  return createProviderError(context, { code: 'PROVIDER_CONFIG', retryable: false, ...input });
}

/** The server answered 2xx but the body is not what the protocol promises (HTML, bad JSON, missing fields). */
export function createProviderResponseError(
  context: ProviderCallContext,
  input: { message: string; status?: number; hint?: string; cause?: unknown },
): KnowhowError {
  return createProviderError(context, {
    code: 'PROVIDER_RESPONSE',
    retryable: false,
    setting: `${context.configKey}.baseURL`,
    hint:
      input.hint ??
      `Check that ${context.configKey}.baseURL in knowhow.yaml points at the ${context.provider} API ` +
        '(for OpenAI-compatible servers it usually ends in /v1) and that the model name is right.',
    message: input.message,
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
}

export function createProviderTimeoutError(
  context: ProviderCallContext,
  input: { timeoutMs: number; cause?: unknown },
): KnowhowError {
  return createProviderError(context, {
    code: 'PROVIDER_TIMEOUT',
    // A call that ran past its limit is not retried: retrying multiplies the wait the user chose to cap.
    retryable: false,
    setting: `${context.configKey}.timeoutMs`,
    message: `no response within ${input.timeoutMs} ms.`,
    hint: `Raise ${context.configKey}.timeoutMs in knowhow.yaml, or check that the server is not overloaded.`,
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
}

const retryableNetworkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function networkCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** fetch failed before any response: refused, reset, DNS. */
export function createProviderNetworkError(context: ProviderCallContext, cause: unknown): KnowhowError {
  const code = networkCodeOf(cause);
  const reason = code ?? (cause instanceof Error ? cause.message : String(cause));
  return createProviderError(context, {
    code: 'PROVIDER_UNAVAILABLE',
    retryable: code === undefined || retryableNetworkCodes.has(code),
    setting: `${context.configKey}.baseURL`,
    message: `could not connect (${reason}).`,
    hint:
      code === 'ECONNREFUSED'
        ? `Start the model server, or fix ${context.configKey}.baseURL in knowhow.yaml.`
        : `Check the network and ${context.configKey}.baseURL in knowhow.yaml.`,
    cause,
  });
}

/**
 * Pulls the provider's own explanation out of an error body (OpenAI and Anthropic both use
 * `error.message`), with every registered secret redacted and at most MAX_PROVIDER_MESSAGE_CHARS.
 */
export function extractErrorMessage(bodyText: string): { message: string; type?: string } {
  const text = redactSecrets(bodyText);
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const error = (parsed as { error?: unknown }).error;
      if (typeof error === 'object' && error !== null) {
        const message = (error as { message?: unknown }).message;
        const type = (error as { code?: unknown; type?: unknown }).code ?? (error as { type?: unknown }).type;
        return {
          message: capMessage(typeof message === 'string' ? message : JSON.stringify(error)),
          ...(typeof type === 'string' ? { type: capMessage(type, 100) } : {}),
        };
      }
      if (typeof error === 'string') return { message: capMessage(error) };
      const message = (parsed as { message?: unknown }).message;
      if (typeof message === 'string') return { message: capMessage(message) };
    }
  } catch {
    // Not JSON: fall through to a text snippet.
  }
  return { message: summarizeBody(text) };
}

/** A short, single-line view of a body for messages: the <title> of an HTML page, else the first 200 characters. */
export function summarizeBody(bodyText: string): string {
  const text = redactSecrets(bodyText);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  if (title) return `HTML page "${capMessage(title, 200)}"`;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** Maps a non-2xx HTTP status to a stable code, with what the user can do about it. */
export function createProviderHttpError(
  context: ProviderCallContext,
  input: { status: number; bodyText: string; retryAfterMs?: number },
): KnowhowError {
  const { status } = input;
  const { message: serverMessage, type } = extractErrorMessage(input.bodyText);
  const said = `HTTP ${status}: ${serverMessage}`;
  const retryAfter = input.retryAfterMs === undefined ? {} : { retryAfterMs: input.retryAfterMs };
  if (status === 401 || status === 403) {
    const keySetting = context.apiKeyEnv ?? `${context.configKey}.apiKeyEnv`;
    return createProviderError(context, {
      code: 'PROVIDER_AUTH',
      retryable: false,
      status,
      setting: `${context.configKey}.apiKeyEnv`,
      message: `the server rejected the credentials (${said}).`,
      hint:
        context.apiKeyEnv === undefined
          ? `Set ${context.configKey}.apiKeyEnv in knowhow.yaml to the name of the environment variable that holds the API key.`
          : `Check the key in ${keySetting}, or change ${context.configKey}.apiKeyEnv in knowhow.yaml.`,
    });
  }
  if (status === 429) {
    // OpenAI answers 429 for an exhausted quota too; waiting does not help there.
    const quota = type === 'insufficient_quota';
    return createProviderError(context, {
      code: 'PROVIDER_RATE_LIMIT',
      retryable: !quota,
      status,
      ...retryAfter,
      setting: `${context.configKey}.concurrency`,
      message: quota ? `the account is out of quota (${said}).` : `rate limited (${said}).`,
      hint: quota
        ? 'Add credit or raise the quota with the provider.'
        : `Lower ${context.configKey}.concurrency or raise ${context.configKey}.maxRetries in knowhow.yaml, or ask the provider for a higher rate limit.`,
    });
  }
  if (status === 408 || status === 409 || status >= 500) {
    return createProviderError(context, {
      code: status === 408 ? 'PROVIDER_TIMEOUT' : 'PROVIDER_UNAVAILABLE',
      retryable: true,
      status,
      ...retryAfter,
      setting: `${context.configKey}.maxRetries`,
      message: `the server failed (${said}).`,
      hint: `The provider is having trouble; try again later or raise ${context.configKey}.maxRetries in knowhow.yaml.`,
    });
  }
  if (status === 404) {
    return createProviderError(context, {
      code: 'PROVIDER_RESPONSE',
      retryable: false,
      status,
      setting: `${context.configKey}.model`,
      message: `not found (${said}).`,
      hint: `Check ${context.configKey}.model and ${context.configKey}.baseURL in knowhow.yaml.`,
    });
  }
  return createProviderError(context, {
    code: 'PROVIDER_RESPONSE',
    retryable: false,
    status,
    setting: context.configKey,
    message: `the request was rejected (${said}).`,
    hint: `Check the settings under ${context.configKey} in knowhow.yaml against what this model accepts.`,
  });
}

/** True for errors the shared layer may retry (429, 5xx, dropped connections). */
export function isRetryableError(error: unknown): boolean {
  return KnowhowError.isInstance(error) && error.details.retryable === true;
}

export function retryAfterMsOf(error: unknown): number | undefined {
  if (!KnowhowError.isInstance(error)) return undefined;
  const value = error.details.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * An error the server reported inside a stream that had already started with 200
 * (Anthropic `event: error`, an OpenAI-compatible `data: {"error": …}`), classified by its type.
 */
export function createProviderStreamError(
  context: ProviderCallContext,
  input: { type?: string | undefined; message: string },
): KnowhowError {
  const message = capMessage(input.message);
  const said = input.type === undefined ? message : `${capMessage(input.type, 100)}: ${message}`;
  if (input.type === 'rate_limit_error' || input.type === 'rate_limit_exceeded') {
    return createProviderError(context, {
      code: 'PROVIDER_RATE_LIMIT',
      retryable: true,
      setting: `${context.configKey}.concurrency`,
      message: `rate limited during the stream (${said}).`,
      hint: `Lower ${context.configKey}.concurrency in knowhow.yaml, or ask the provider for a higher rate limit.`,
    });
  }
  if (input.type === 'authentication_error' || input.type === 'permission_error') {
    return createProviderError(context, {
      code: 'PROVIDER_AUTH',
      retryable: false,
      setting: `${context.configKey}.apiKeyEnv`,
      message: `the server rejected the credentials (${said}).`,
      hint: `Check the key named by ${context.configKey}.apiKeyEnv in knowhow.yaml.`,
    });
  }
  if (input.type === 'invalid_request_error' || input.type === 'not_found_error') {
    return createProviderError(context, {
      code: 'PROVIDER_RESPONSE',
      retryable: false,
      setting: context.configKey,
      message: `the request was rejected during the stream (${said}).`,
      hint: `Check the settings under ${context.configKey} in knowhow.yaml against what this model accepts.`,
    });
  }
  return createProviderError(context, {
    code: 'PROVIDER_UNAVAILABLE',
    retryable: true,
    setting: `${context.configKey}.maxRetries`,
    message: `the server failed during the stream (${said}).`,
    hint: `The provider is having trouble; try again later or raise ${context.configKey}.maxRetries in knowhow.yaml.`,
  });
}
