import { describe, expect, it } from 'vitest';
import { measureProviderOverhead } from './measure-overhead.js';

describe('measureProviderOverhead', () => {
  it('measures raw and wrapped calls against a local server and reports the difference', async () => {
    const result = await measureProviderOverhead({ calls: 50, concurrency: 4, rounds: 1 });
    expect(result).toMatchObject({ calls: 50, concurrency: 4, rounds: 1 });
    expect(result.raw.wallMsPerCall).toBeGreaterThan(0);
    expect(result.wrapped.meanLatencyMs).toBeGreaterThan(0);
    expect(result.overheadMs).toBeCloseTo(result.wrapped.wallMsPerCall - result.raw.wallMsPerCall, 10);
    expect(result.overheadLatencyMs).toBeCloseTo(result.wrapped.meanLatencyMs - result.raw.meanLatencyMs, 10);
    expect(result.wrapped.callsPerSecond).toBeCloseTo(1000 / result.wrapped.wallMsPerCall, 6);
  });
});
