import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full garbage collection now, returning the JS heap's dead pages to the system: for just
 * before a long native phase that leaves JavaScript idle. V8 collects when JavaScript allocates,
 * so the 120–200 MB of garbage a 1M-chunk ingest leaves stayed resident through the 30–60 s
 * first index build that sets the run's peak (V8's memory reducer ran 33 s into it). Collected
 * first, the build of 1M generated chunks peaked at 757 MB against 876 MB (bench probe, one pair,
 * 2026-12-06). The `gc` function is V8's own, exposed through its flag in a fresh context, as
 * `node --expose-gc` would expose it.
 */
export function collectGarbage(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}
