import { KnowhowError } from '../core/errors.js';

function tooLarge(maxBytes: number): KnowhowError {
  return new KnowhowError('INPUT_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`, {
    hint: 'Send less per request (split an upload), or raise serve.maxBodyBytes in knowhow.yaml.',
  });
}

/**
 * Reads a request body, stopping as soon as it passes `maxBytes` — a declared Content-Length over
 * the limit is refused before a byte is read, and a body without one is never buffered past it.
 */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new KnowhowError('CANCELLED', 'The client closed the connection while sending the body.', {
        cause: error,
      });
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    parts.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/** A JSON body: empty, non-UTF-8 or malformed bodies are 400s that say which. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readBody(request, maxBytes);
  if (bytes.byteLength === 0) {
    throw new KnowhowError('INPUT_INVALID', 'The request body is empty; a JSON object was expected.', {
      hint: 'Send Content-Type: application/json with a JSON object body.',
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KnowhowError('INPUT_INVALID', 'The request body is not valid UTF-8.', {
      hint: 'Encode the JSON body as UTF-8.',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new KnowhowError('INPUT_INVALID', `The request body is not valid JSON: ${reason}`, {
      hint: 'Send one JSON object (check quotes, commas and brackets).',
    });
  }
}
