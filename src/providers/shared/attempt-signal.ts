/**
 * The signal one attempt runs under: aborts when the caller cancels or when the attempt has made
 * no progress for `timeoutMs`. A stream pauses the clock while its consumer holds a part, so a
 * slow reader is not blamed on the server. Listeners and timers are removed on `dispose`, since
 * long runs make thousands of attempts against one caller signal.
 */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function createAttemptSignal(input: {
  callerSignal?: AbortSignal | undefined;
  timeoutMs: number;
}): AttemptSignal {
  const controller = new AbortController();
  const { callerSignal, timeoutMs } = input;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;

  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  const start = () => {
    if (!Number.isFinite(timeoutMs) || controller.signal.aborted) return;
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`No response within ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    // A pending timeout must never keep a finished CLI process alive.
    timer.unref();
  };
  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  start();

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    pause: stop,
    resume() {
      stop();
      start();
    },
    dispose() {
      stop();
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
