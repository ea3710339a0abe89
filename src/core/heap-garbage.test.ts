import { describe, expect, it } from 'vitest';
import { createHeapGarbageBound } from './heap-garbage.js';

describe('createHeapGarbageBound', () => {
  it('collects only once the old space grew past the slack since the last collection', () => {
    let used = 100;
    let collections = 0;
    const bound = createHeapGarbageBound({
      slackBytes: 50,
      usedBytes: () => used,
      collect: () => {
        collections++;
        used = 120;
      },
    });
    used = 140;
    expect(bound.maybeCollect()).toBe(false);
    used = 151;
    expect(bound.maybeCollect()).toBe(true);
    expect(collections).toBe(1);
    // The new baseline is what survived (120): 160 is within the slack of it.
    used = 160;
    expect(bound.maybeCollect()).toBe(false);
    used = 171;
    expect(bound.maybeCollect()).toBe(true);
    expect(collections).toBe(2);
  });

  it('reaches V8’s full collection at run time, without --expose-gc on the command line', () => {
    const bound = createHeapGarbageBound({ slackBytes: 0 });
    let garbage: unknown[] | null = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `row ${i}` }));
    expect(garbage.length).toBe(200_000);
    garbage = null;
    expect(bound.maybeCollect()).toBe(true);
  });
});
