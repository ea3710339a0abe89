import { describe, expect, it, vi } from 'vitest';
import { KnowhowError } from '../core/errors.js';
import type { IndexStore } from '../core/index-store.js';
import { createIndexMaintenance } from './index-maintenance.js';

/** The server's write queue: one write at a time, in order (as createRuntime's `exclusive`). */
function writeQueue() {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => {});
    return result;
  };
}

describe('createIndexMaintenance', () => {
  it('runs its optimize in the write queue, never beside an upload that is still writing', async () => {
    const events: string[] = [];
    const store = {
      async optimize() {
        events.push('optimize');
      },
    } as unknown as IndexStore;
    const exclusive = writeQueue();
    const maintenance = createIndexMaintenance({ store, idleMs: 5, log: () => {}, exclusive });
    maintenance.changed();
    // An upload that stalls past the idle time: LanceDB refused two such concurrent commits
    // ("Retryable commit conflict … preempted by concurrent transaction Rewrite").
    const upload = exclusive(async () => {
      events.push('upload starts');
      await new Promise((resolve) => setTimeout(resolve, 60));
      events.push('upload ends');
    });
    await upload;
    await new Promise((resolve) => setTimeout(resolve, 40));
    await maintenance.close();
    expect(events.slice(0, 3)).toEqual(['upload starts', 'upload ends', 'optimize']);
  });

  it('queues the fold behind the write just queued; a CLI ingest holding the lock is no failure', async () => {
    const events: string[] = [];
    const failures = [
      new KnowhowError('INDEX_LOCKED', 'The index is being written by the ingest of pid 42.'),
      new Error('disk full'),
    ];
    const store = {
      async optimize(options?: object) {
        events.push(`optimize ${JSON.stringify(options)}`);
        const failure = failures.shift();
        if (failure) throw failure;
      },
    } as unknown as IndexStore;
    const logs: string[] = [];
    const exclusive = writeQueue();
    const maintenance = createIndexMaintenance({
      store,
      idleMs: 0,
      log: (line) => logs.push(line),
      exclusive,
    });
    const upload = exclusive(async () => {
      events.push('upload');
    });
    const fold = maintenance.foldQueued();
    const later = exclusive(async () => {
      events.push('next upload');
    });
    await Promise.all([upload, fold, later]);
    await maintenance.foldQueued();
    await maintenance.close();
    expect(events).toEqual(['upload', 'optimize undefined', 'next upload', 'optimize undefined']);
    expect(logs).toEqual(['index fold failed: disk full']);
  });

  it('folds, while idle, rows another process left outside the indexes once the store calls it due', async () => {
    vi.useFakeTimers();
    try {
      const events: string[] = [];
      const lags = [
        { unindexedRows: 400, foldDue: false },
        { unindexedRows: 10_000, foldDue: true },
      ];
      const store = {
        async measureLag() {
          events.push('measureLag');
          return lags.shift() ?? { unindexedRows: 0, foldDue: false };
        },
        async optimize(options?: object) {
          events.push(`optimize ${JSON.stringify(options)}`);
        },
      } as unknown as IndexStore;
      const logs: string[] = [];
      const maintenance = createIndexMaintenance({
        store,
        idleMs: 1000,
        log: (line) => logs.push(line),
        exclusive: writeQueue(),
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect(events).toEqual(['measureLag']);
      await vi.advanceTimersByTimeAsync(1000);
      expect(events).toEqual(['measureLag', 'measureLag', 'optimize {"full":true}']);
      // The pass that reclaims what the fold replaced comes idleMs later; no check meanwhile.
      await vi.advanceTimersByTimeAsync(1000);
      expect(events.slice(3)).toEqual(['optimize {"full":true}']);
      await vi.advanceTimersByTimeAsync(1000);
      expect(events.slice(4)).toEqual(['measureLag']);
      await maintenance.close();
      expect(logs).toEqual(['index: folding 10000 rows that every query scanned outside the indexes']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not ask while a pass is due after an API write, nor after a close', async () => {
    vi.useFakeTimers();
    try {
      let asked = 0;
      const store = {
        async measureLag() {
          asked++;
          return { unindexedRows: 0, foldDue: false };
        },
        async optimize() {},
      } as unknown as IndexStore;
      const maintenance = createIndexMaintenance({
        store,
        idleMs: 1000,
        log: () => {},
        exclusive: writeQueue(),
      });
      await vi.advanceTimersByTimeAsync(500);
      maintenance.changed();
      // Ticks at 1 s and 2 s: the compaction is due at 1.5 s and its reclaim pass at 2.5 s.
      await vi.advanceTimersByTimeAsync(2100);
      expect(asked).toBe(0);
      await vi.advanceTimersByTimeAsync(1000);
      expect(asked).toBe(1);
      await maintenance.close();
      await vi.advanceTimersByTimeAsync(5000);
      expect(asked).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
