import { describeError, KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';

export interface IndexMaintenance {
  /** Called after every write through the API: maintenance runs once writes have paused. */
  changed(): void;
  /**
   * Queues, next in the write queue, the fold or compaction that a write just queued (with its
   * store call's `deferFold`) may have made due: the upload answers once its rows are committed,
   * not after the fold (up to 5.6 s of an upload's answer in bench serve-ingest, 200 uploads).
   * Never rejects: a CLI ingest holding the lock folds at its own end.
   */
  foldQueued(): Promise<void>;
  /** Resolves when the maintenance in progress, if any, has ended; none starts afterwards. */
  close(): Promise<void>;
}

/** After a fold that failed for another reason than the lock, the idle checks wait this long. */
const RETRY_AFTER_FAILURE_MS = 5 * 60_000;

/**
 * Compacts the index and reclaims replaced versions once API writes pause for `idleMs`: each
 * write only folds in what the thresholds call for (LanceIndexStore.optimize), and versions
 * replaced within the grace period must stay on disk for readers, so the space they hold is
 * reclaimed here, not by the write. The compaction itself replaces a version, so a second pass
 * follows `idleMs` later to reclaim that one (it finds nothing to compact and writes no version).
 * Every `idleMs` it also asks the store what queries scan outside the indexes (rows a CLI ingest
 * left unfolded: 10,000 after a 1% re-ingest of 1,000,000 chunks made BM25 ten times slower) and
 * folds them once the store calls that due. A CLI ingest holding the lock postpones it; it never
 * waits. With `idleMs` 0 there are no idle passes.
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
  let busy = false;
  let checking = false;
  let failedAt = Number.NEGATIVE_INFINITY;
  const run = async (pass: 'compact' | 'reclaim') => {
    busy = true;
    try {
      await options.exclusive(() => options.store.optimize({ full: true }));
      if (pass === 'compact') schedule('reclaim');
    } catch (error) {
      if (KnowhowError.isInstance(error) && error.code === 'INDEX_LOCKED') schedule(pass);
      else {
        failedAt = Date.now();
        options.log(`index maintenance failed: ${describeError(error)}`);
      }
    } finally {
      busy = false;
    }
  };
  const start = (pass: 'compact' | 'reclaim') => {
    running = running.then(() => run(pass));
    return running;
  };
  const schedule = (pass: 'compact' | 'reclaim') => {
    if (closed || options.idleMs <= 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void start(pass);
    }, options.idleMs);
    timer.unref();
  };
  const measureLag = options.store.measureLag?.bind(options.store);
  const checkLag = async () => {
    if (!measureLag || closed || busy || checking || timer) return;
    if (Date.now() - failedAt < RETRY_AFTER_FAILURE_MS) return;
    checking = true;
    try {
      const lag = await measureLag();
      if (!lag.foldDue || closed) return;
      options.log(`index: folding ${lag.unindexedRows} rows that every query scanned outside the indexes`);
      await start('compact');
    } catch (error) {
      failedAt = Date.now();
      options.log(`index maintenance failed: ${describeError(error)}`);
    } finally {
      checking = false;
    }
  };
  const watch =
    options.idleMs > 0 && measureLag ? setInterval(() => void checkLag(), options.idleMs) : undefined;
  watch?.unref();
  return {
    changed: () => schedule('compact'),
    foldQueued: () =>
      options
        .exclusive(() => options.store.optimize())
        .catch((error: unknown) => {
          if (KnowhowError.isInstance(error) && error.code === 'INDEX_LOCKED') return;
          options.log(`index fold failed: ${describeError(error)}`);
        }),
    async close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(watch);
      await running;
    },
  };
}
