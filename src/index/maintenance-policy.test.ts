import type * as lancedb from '@lancedb/lancedb';
import { describe, expect, it } from 'vitest';
import { graceCutoff, VERSION_GRACE_MS } from './maintenance-policy.js';

function tableWithVersions(ages: number[]): lancedb.Table {
  const now = Date.now();
  const versions = ages.map((age, i) => ({ version: i + 1, timestamp: new Date(now - age), metadata: {} }));
  return { listVersions: async () => versions } as unknown as lancedb.Table;
}

describe('graceCutoff', () => {
  it('keeps a version superseded within the grace, however old it is itself', async () => {
    const hour = 3_600_000;
    // v1 and v2 are an hour old; v3 replaced v2 a moment ago: a reader may still be on v2.
    const cutoff = await graceCutoff(tableWithVersions([hour, hour - 1000, 100]));
    expect(Date.now() - cutoff.getTime()).toBeCloseTo(hour - 1000, -3);
  });

  it('removes everything but the latest once the latest is older than the grace', async () => {
    const old = VERSION_GRACE_MS * 3;
    const table = tableWithVersions([old + 2000, old + 1000, old]);
    const cutoff = await graceCutoff(table);
    expect(Date.now() - cutoff.getTime()).toBeCloseTo(old, -3);
  });
});
