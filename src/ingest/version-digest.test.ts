import { describe, expect, it } from 'vitest';
import { VersionDigest } from './version-digest.js';

const digestOf = (versions: { id: string; hash: string; origin?: string }[]) => {
  const digest = new VersionDigest();
  for (const version of versions) digest.add(version);
  return digest.value();
};

describe('VersionDigest', () => {
  const versions = [
    { id: 'a.jsonl#1', hash: 'h1', origin: 'files:docs' },
    { id: 'a.jsonl#2', hash: 'h2', origin: 'files:docs' },
    { id: 'a.jsonl#3', hash: 'h3' },
  ];

  it('is the same in any order', () => {
    expect(digestOf([...versions].reverse())).toBe(digestOf(versions));
  });

  it('changes with any id, hash or origin, and with hashes swapped between ids', () => {
    const base = digestOf(versions);
    expect(digestOf([{ ...versions[0]!, hash: 'h9' }, versions[1]!, versions[2]!])).not.toBe(base);
    expect(digestOf([{ ...versions[0]!, id: 'a.jsonl#9' }, versions[1]!, versions[2]!])).not.toBe(base);
    expect(digestOf([{ ...versions[0]!, origin: 'api' }, versions[1]!, versions[2]!])).not.toBe(base);
    expect(
      digestOf([{ ...versions[0]!, hash: 'h2' }, { ...versions[1]!, hash: 'h1' }, versions[2]!]),
    ).not.toBe(base);
    expect(digestOf(versions.slice(1))).not.toBe(base);
  });
});
