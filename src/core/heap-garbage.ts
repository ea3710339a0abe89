import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Until its first full collection V8 lets the old generation grow to a large initial limit, and a
 * process that then goes quiet keeps the garbage: a server that took 200 small uploads (bench
 * serve-ingest, 4 searchers) held 83 MB of old space of which ~25 MB was live, and still held it
 * minutes later. This bounds that garbage: if the old space has grown by more than `slackBytes`
 * since the last full collection, one is made. In that bench it ran once (34 ms, leaving 26 MB);
 * V8's own limits, set from the live size after a full collection, kept the old space at 25–37 MB
 * from then on, and the server grew by 25–31 MB instead of 74–91.
 *
 * The full collection is reached the way Jest's leak detector reaches it: V8's `--expose-gc` set at
 * run time, and `gc` taken from a fresh context (the main one was made before the flag).
 */

let collector: (() => void) | null | undefined;

function fullCollection(): (() => void) | null {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collector = typeof gc === 'function' ? () => void gc() : null;
    } catch {
      collector = null;
    }
  }
  return collector;
}

function oldSpaceUsedBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
}

export interface HeapGarbageBound {
  /** Collects if the old space grew past the slack since the last collection; says whether it did. */
  maybeCollect(): boolean;
}

export function createHeapGarbageBound(options: {
  slackBytes: number;
  collect?: () => void;
  usedBytes?: () => number;
}): HeapGarbageBound {
  const used = options.usedBytes ?? oldSpaceUsedBytes;
  let baseline = used();
  return {
    maybeCollect() {
      if (used() - baseline < options.slackBytes) return false;
      const collect = options.collect ?? fullCollection();
      if (!collect) return false;
      collect();
      baseline = used();
      return true;
    },
  };
}
