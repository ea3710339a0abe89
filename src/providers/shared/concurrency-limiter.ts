/** Gives back a slot taken with `acquire`. Calling it twice is harmless. */
export type ReleaseSlot = () => void;

export interface ConcurrencyLimiter {
  /** Waits for a free slot (first come, first served); rejects with the signal's reason if cancelled while waiting. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot>;
  readonly active: number;
  readonly waiting: number;
}

interface Waiter {
  grant: (release: ReleaseSlot) => void;
}

export function createConcurrencyLimiter(limit: number): ConcurrencyLimiter {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  const queue: Waiter[] = [];

  const makeRelease = (): ReleaseSlot => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      // Hand the slot straight to the next waiter so `active` never dips and lets a newcomer jump the queue.
      if (next !== undefined) next.grant(makeRelease());
      else active--;
    };
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < limit) {
        active++;
        return Promise.resolve(makeRelease());
      }
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const waiter: Waiter = {
          grant: (release) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
  };
}
