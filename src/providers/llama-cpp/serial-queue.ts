/**
 * Runs tasks one at a time in arrival order. One llama.cpp context evaluates one sequence at a time,
 * and on a few CPU cores parallel requests only slow each other down.
 */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly pending: number;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    get pending() {
      return pending;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      pending++;
      const result = tail.then(task).finally(() => {
        pending--;
      });
      // A failed task must not block the ones queued behind it.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
