import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, defaultRetryPolicy, sleep } from './backoff.js';

describe('computeBackoffDelay', () => {
  it('draws up to an exponential ceiling that stops at the cap', () => {
    const top = () => 0.999999;
    const ceilings = [0, 1, 2, 3, 4, 5, 6].map((attempt) =>
      computeBackoffDelay({ attempt, policy: defaultRetryPolicy, random: top }),
    );
    expect(ceilings).toEqual([249, 499, 999, 1999, 3999, 7999, 7999]);
    expect(computeBackoffDelay({ attempt: 3, policy: defaultRetryPolicy, random: () => 0 })).toBe(0);
  });

  it('uses the server-requested wait when there is one', () => {
    expect(computeBackoffDelay({ attempt: 0, policy: defaultRetryPolicy, retryAfterMs: 1500 })).toBe(1500);
  });
});

describe('sleep', () => {
  it('waits, and stops early when cancelled', async () => {
    const started = performance.now();
    await sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });
});
