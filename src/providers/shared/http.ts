import { KnowhowError } from '../../core/errors.js';
import {
  createProviderHttpError,
  createProviderNetworkError,
  createProviderResponseError,
  type ProviderCallContext,
  summarizeBody,
} from './provider-error.js';
import { parseRetryAfter } from './retry-after.js';
import { parseServerSentEvents, type ServerSentEvent } from './server-sent-events.js';

export interface HttpPostInput {
  context: ProviderCallContext;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal | undefined;
}

function createCancelledError(input: HttpPostInput): KnowhowError {
  const { context } = input;
  return new KnowhowError(
    'CANCELLED',
    `${context.provider} model "${context.model}": the call was cancelled.`,
    {
      cause: input.signal?.reason,
      details: { provider: context.provider, model: context.model, retryable: false },
    },
  );
}

/** Anything thrown while talking to the server becomes a provider error; a cancelled call stays a cancellation. */
function mapTransportFailure(input: HttpPostInput, error: unknown): KnowhowError {
  if (KnowhowError.isInstance(error)) return error;
  if (input.signal?.aborted) return createCancelledError(input);
  return createProviderNetworkError(input.context, error);
}

/**
 * Most of an error body that is read: the explanation sits in the first few hundred bytes; a
 * misbehaving server may send megabytes (an HTML page, a dumped request) for every failed call.
 */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Reads at most `maxBytes` of a body as UTF-8 and cancels the rest (the connection is freed). */
export async function readCappedText(response: Response, maxBytes = MAX_ERROR_BODY_BYTES): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.byteLength;
    }
  } finally {
    if (size >= maxBytes) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const part of parts) {
    const slice = part.subarray(0, bytes.byteLength - offset);
    bytes.set(slice, offset);
    offset += slice.byteLength;
    if (offset >= bytes.byteLength) break;
  }
  return new TextDecoder().decode(bytes);
}

async function readText(input: HttpPostInput, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw mapTransportFailure(input, error);
  }
}

function looksLikeHtml(contentType: string, text: string): boolean {
  return contentType.includes('text/html') || /^\s*</.test(text);
}

function parseJsonBody(input: HttpPostInput, response: Response, text: string): unknown {
  const contentType = response.headers.get('content-type') ?? '';
  if (looksLikeHtml(contentType, text)) {
    throw createProviderResponseError(input.context, {
      status: response.status,
      message: `${input.url} returned HTML instead of JSON (${summarizeBody(text)}).`,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw createProviderResponseError(input.context, {
      status: response.status,
      message: `${input.url} returned malformed JSON (${summarizeBody(text)}).`,
      cause: error,
    });
  }
}

async function send(input: HttpPostInput, accept: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...input.headers },
      body: JSON.stringify(input.body),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
  } catch (error) {
    throw mapTransportFailure(input, error);
  }
  if (!response.ok) {
    let bodyText: string;
    try {
      bodyText = await readCappedText(response);
    } catch (error) {
      throw mapTransportFailure(input, error);
    }
    const retryAfterMs = parseRetryAfter(response.headers);
    throw createProviderHttpError(input.context, {
      status: response.status,
      bodyText,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return response;
}

/** POSTs JSON and returns the parsed JSON body; every failure is a KnowhowError naming provider and model. */
export async function postJson(input: HttpPostInput): Promise<unknown> {
  const response = await send(input, 'application/json');
  return parseJsonBody(input, response, await readText(input, response));
}

async function* readBody(input: HttpPostInput, body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    // Leaving this loop early (a consumer that stops reading) cancels the body and frees the connection.
    for await (const chunk of body) yield chunk;
  } catch (error) {
    throw mapTransportFailure(input, error);
  }
}

/**
 * POSTs JSON and returns the response's Server-Sent Events. Nothing is sent until the first
 * `next()`, so a retry wrapper can call this again for each attempt.
 */
export async function* postForEvents(input: HttpPostInput): AsyncGenerator<ServerSentEvent> {
  const response = await send(input, 'text/event-stream');
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('text/event-stream')) {
    // Some servers ignore `stream: true` or answer an error as plain JSON with status 200.
    const text = await readText(input, response);
    const parsed = parseJsonBody(input, response, text);
    throw createProviderResponseError(input.context, {
      status: response.status,
      message: `${input.url} answered JSON instead of an event stream (${summarizeBody(JSON.stringify(parsed))}).`,
      hint: `This server does not stream; check ${input.context.configKey}.baseURL in knowhow.yaml or call it without streaming.`,
    });
  }
  if (response.body === null) return;
  yield* parseServerSentEvents(readBody(input, response.body));
}
