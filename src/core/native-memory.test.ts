import { describe, expect, it } from 'vitest';
import { canTrimNativeMemory, createNativeMemoryTrimmer, trimNativeMemory } from './native-memory.js';

describe('native memory', () => {
  it('reaches glibc on Linux (koffi and its prebuilt binary load), and nowhere else', () => {
    expect(canTrimNativeMemory()).toBe(process.platform === 'linux');
    expect(() => trimNativeMemory()).not.toThrow();
  });

  it('a trimmer trims at most once per interval', () => {
    let time = 0;
    let trims = 0;
    const trimmer = createNativeMemoryTrimmer({ intervalMs: 2_000, now: () => time, trim: () => trims++ });
    const calls = [0, 500, 1_999, 2_000, 2_100, 4_500].map((at) => {
      time = at;
      return trimmer.maybeTrim();
    });
    expect(calls).toEqual([true, false, false, true, false, true]);
    expect(trims).toBe(3);
  });
});
