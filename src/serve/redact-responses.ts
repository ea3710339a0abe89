import type { MiddlewareHandler } from 'hono';
import { hasSecrets, redactSecrets } from '../core/secrets.js';

/**
 * The server's redaction point: every response body (JSON, HTML, text, and Server-Sent Events
 * event by event) leaves with registered secrets replaced by [redacted], whatever route or error
 * produced it. Without registered secrets (a keyless server on a local model) nothing is touched.
 */
export function redactResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!hasSecrets() || c.res.body === null) return;
    const response = c.res;
    const type = response.headers.get('content-type') ?? '';
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    let body: ReadableStream<Uint8Array> | string;
    if (type.includes('text/event-stream')) {
      body = response.body!.pipeThrough(redactEventStream());
    } else if (/json|text|html|xml/i.test(type)) {
      body = redactSecrets(await response.text());
    } else {
      return;
    }
    // Unset first: assigning over a response would copy its stale Content-Length.
    c.res = undefined;
    c.res = new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

/**
 * Redacts each event whole: the stream is cut at blank lines, so a secret is never split across
 * two chunks of this transform (the server writes one event per chunk anyway).
 */
function redactEventStream(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const end = pending.lastIndexOf('\n\n');
      if (end < 0) return;
      controller.enqueue(encoder.encode(redactSecrets(pending.slice(0, end + 2))));
      pending = pending.slice(end + 2);
    },
    flush(controller) {
      pending += decoder.decode();
      if (pending !== '') controller.enqueue(encoder.encode(redactSecrets(pending)));
    },
  });
}
