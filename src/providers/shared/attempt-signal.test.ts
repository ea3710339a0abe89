import { describe, expect, it } from 'vitest';
import { createAttemptSignal } from './attempt-signal.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createAttemptSignal', () => {
  it('aborts and says so when the attempt runs past its time', async () => {
    const attempt = createAttemptSignal({ timeoutMs: 20 });
    await wait(40);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut).toBe(true);
    expect((attempt.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('follows the caller signal without calling it a timeout', () => {
    const caller = new AbortController();
    const attempt = createAttemptSignal({ callerSignal: caller.signal, timeoutMs: 1000 });
    caller.abort(new Error('user pressed Ctrl-C'));
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut).toBe(false);
    expect((attempt.signal.reason as Error).message).toBe('user pressed Ctrl-C');
    attempt.dispose();
  });

  it('stops the clock while paused and restarts it in full on resume', async () => {
    const attempt = createAttemptSignal({ timeoutMs: 100 });
    attempt.pause();
    await wait(150);
    expect(attempt.signal.aborted).toBe(false);
    attempt.resume();
    await wait(20);
    expect(attempt.signal.aborted).toBe(false);
    attempt.dispose();
    await wait(120);
    expect(attempt.signal.aborted).toBe(false);
  });

  it('starts aborted when the caller already cancelled', () => {
    const caller = new AbortController();
    caller.abort();
    expect(createAttemptSignal({ callerSignal: caller.signal, timeoutMs: 10 }).signal.aborted).toBe(true);
  });
});
