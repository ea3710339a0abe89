/**
 * Loads once on first use and shares the result; a failure is not kept, so the next call tries
 * again (a model file fixed or downloaded meanwhile is picked up without a restart).
 */
export interface LazyLoad<T> {
  get(): Promise<T>;
  /** The loaded value, once loading has finished. */
  readonly current: T | undefined;
  reset(): void;
}

export function createLazyLoad<T>(load: () => Promise<T>): LazyLoad<T> {
  let pending: Promise<T> | undefined;
  let current: T | undefined;
  return {
    get current() {
      return current;
    },
    get() {
      if (pending === undefined) {
        const started = load().then((value) => {
          if (pending === started) current = value;
          return value;
        });
        pending = started;
        started.catch(() => {
          if (pending === started) pending = undefined;
        });
      }
      return pending;
    },
    reset() {
      pending = undefined;
      current = undefined;
    },
  };
}
