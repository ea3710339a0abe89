import { KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';

export interface IndexMaintenance {
  /** Called after every write through the API: maintenance runs once writes have paused. */
  changed(): void;
  /** Resolves when the maintenance in progress, if any, has ended; none starts afterwards. */
  close(): Promise<void>;
}

/**
 * Compacts the index and reclaims replaced versions once API writes pause for `idleMs`: each
 * write only folds in what the thresholds call for (LanceIndexStore.optimize), and versions
 * replaced within the grace period must stay on disk for readers, so the space they hold is
 * reclaimed here, not by the write. The compaction itself replaces a version, so a second pass
 * follows `idleMs` later to reclaim that one (it finds nothing to compact and writes no version).
 * A CLI ingest holding the lock postpones it; it never waits.
 */
export function createIndexMaintenance(options: {
  store: IndexStore;
  idleMs: number;
  log: (line: string) => void;
  /**
   * The server's write queue: the optimize waits for an upload still writing (one that stalled
   * past `idleMs`), since LanceDB fails the later of two concurrent commits on one table.
   */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>;
}): IndexMaintenance {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  const run = async (pass: 'compact' | 'reclaim') => {
    try {
      await options.exclusive(() => options.store.optimize({ full: true }));
      if (pass === 'compact') schedule('reclaim');
    } catch (error) {
      if (KnowhowError.isInstance(error) && error.code === 'INDEX_LOCKED') schedule(pass);
      else options.log(`index maintenance failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const schedule = (pass: 'compact' | 'reclaim') => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => run(pass));
    }, options.idleMs);
    timer.unref();
  };
  return {
    changed: () => schedule('compact'),
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}
