import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.js';

describe('collectGarbage', () => {
  it('frees what is no longer referenced', async () => {
    let garbage: object | null = { payload: new Array(1000).fill('x') };
    const reference = new WeakRef(garbage);
    garbage = null;
    // A WeakRef's target is kept until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(reference.deref()).toBeUndefined();
    expect(garbage).toBeNull();
  });
});
