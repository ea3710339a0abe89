/**
 * Bridges a callback-style generation (node-llama-cpp's onTextChunk) to an async iterable. The run
 * starts on the first `next()`; a consumer that stops early aborts it, and its error is awaited so
 * nothing is left running or unhandled.
 */
export interface StreamFromCallbacksOptions<T> {
  signal?: AbortSignal;
  /** Emits parts while running; resolves with the final part. */
  run: (emit: (part: T) => void, signal: AbortSignal) => Promise<T>;
}

export async function* streamFromCallbacks<T>(
  options: StreamFromCallbacksOptions<T>,
): AsyncGenerator<T, void, undefined> {
  const { signal } = options;
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forwardAbort();
  else signal?.addEventListener('abort', forwardAbort, { once: true });

  const buffered: T[] = [];
  let wake: (() => void) | undefined;
  let outcome: { ok: true; last: T } | { ok: false; error: unknown } | undefined;
  const notify = (): void => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const running = options
    .run((part) => {
      buffered.push(part);
      notify();
    }, controller.signal)
    .then(
      (last) => {
        outcome = { ok: true, last };
        notify();
      },
      (error: unknown) => {
        outcome = { ok: false, error };
        notify();
      },
    );

  try {
    while (true) {
      if (buffered.length > 0) {
        yield buffered.shift() as T;
        continue;
      }
      if (outcome !== undefined) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (!outcome.ok) throw outcome.error;
    yield outcome.last;
  } finally {
    signal?.removeEventListener('abort', forwardAbort);
    if (outcome === undefined) {
      controller.abort(new Error('The stream was closed by its consumer.'));
      await running;
    }
  }
}
