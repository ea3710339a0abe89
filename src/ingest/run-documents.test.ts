import { describe, expect, it } from 'vitest';
import type { DocumentVersion, IndexStore } from '../core/index-store.js';
import { listKnownVersions, RunDocuments } from './run-documents.js';

const digest = (n: number) => n.toString(16).padStart(64, '0');

describe('RunDocuments', () => {
  it('gives back each known version as the index listed it, pending marks and origins included', () => {
    const documents = new RunDocuments();
    const versions: DocumentVersion[] = [
      { id: 'docs/a.md', hash: digest(1), origin: 'files:docs' },
      { id: 'data/r.jsonl#1', hash: `pending:${digest(2)}`, origin: 'files:data' },
      { id: 'upload.md', hash: digest(3), origin: 'api' },
      { id: 'old.md', hash: 'ABC' },
    ];
    for (const version of versions) documents.addKnown(version);
    expect(documents.knownSize).toBe(4);
    for (const version of versions) expect(documents.previous(version.id)).toEqual(version);
    expect(documents.previous('new.md')).toBeUndefined();
  });

  it('compares a read document with the version held, in place', () => {
    const documents = new RunDocuments();
    documents.addKnown({ id: 'a.md', hash: digest(0xabc), origin: 'files:.' });
    documents.addKnown({ id: 'b.md', hash: `pending:${digest(2)}`, origin: 'files:.' });
    documents.addKnown({ id: 'c.md', hash: digest(3) });
    const a = documents.claim('a.md');
    const b = documents.claim('b.md');
    const c = documents.claim('c.md');
    const d = documents.claim('d.md');
    expect(documents.compareAt(a, digest(0xabc), 'files:.')).toBe('same');
    expect(documents.compareAt(a, digest(0xabd), 'files:.')).toBe('changed');
    expect(documents.compareAt(a, digest(0xabc).toUpperCase(), 'files:.')).toBe('changed');
    expect(documents.compareAt(a, digest(0xabc), 'files:docs')).toBe('changed');
    // Caught mid-write: always rewritten.
    expect(documents.compareAt(b, digest(2), 'files:.')).toBe('changed');
    // Recorded before origins were: written again once to record it.
    expect(documents.compareAt(c, digest(3), 'files:.')).toBe('changed');
    // Read by this run, never held by the index.
    expect(documents.compareAt(d, digest(4), 'files:.')).toBe('absent');
    expect(documents.compareAt(-1, digest(4), 'files:.')).toBe('absent');
  });

  it('marks ids read once, new ones included, and lists the known ones left unread', () => {
    const documents = new RunDocuments();
    for (let i = 0; i < 3000; i++) documents.addKnown({ id: `d${i}`, hash: digest(i), origin: 'files:.' });
    for (let i = 0; i < 3000; i += 2) expect(documents.markSeen(`d${i}`)).toBe(true);
    expect(documents.markSeen('d0')).toBe(false);
    expect(documents.markSeen('brand-new')).toBe(true);
    expect(documents.markSeen('brand-new')).toBe(false);
    expect(documents.previous('brand-new')).toBeUndefined();
    expect(documents.claim('d2')).toBe(-1);
    const unread = [...documents.unseenKnown()];
    expect(unread).toHaveLength(1500);
    expect(unread.some((version) => version.id === 'd3')).toBe(true);
    expect(unread[0]).toEqual({ id: 'd1', hash: digest(1), origin: 'files:.' });
    documents.markSeenAt(1);
    expect([...documents.unseenKnown()]).toHaveLength(1499);
  });

  it('holds nothing once released', () => {
    const documents = new RunDocuments();
    documents.addKnown({ id: 'a.md', hash: digest(1) });
    documents.markSeen('b.md');
    documents.release();
    expect(documents.knownSize).toBe(0);
    expect(documents.previous('a.md')).toBeUndefined();
    expect(documents.markSeen('b.md')).toBe(true);
  });

  it('refuses known versions once the run has started reading', () => {
    const documents = new RunDocuments();
    documents.markSeen('a.md');
    expect(() => documents.addKnown({ id: 'b.md', hash: digest(1) })).toThrow(/before the run reads/);
  });

  it('lists a store batch by batch, or whole when it cannot', async () => {
    const batches: DocumentVersion[][] = [
      [{ id: 'a', hash: digest(1) }],
      [{ id: 'b', hash: digest(2), origin: 'api' }],
    ];
    const streaming = {
      async *listDocumentVersions() {
        yield* batches;
      },
    } as unknown as IndexStore;
    const listed = await listKnownVersions(streaming);
    expect(listed.knownSize).toBe(2);
    expect(listed.previous('b')).toEqual({ id: 'b', hash: digest(2), origin: 'api' });
    const whole = {
      listDocuments: async () => new Map([['c', { id: 'c', hash: digest(3), origin: 'files:.' }]]),
    } as unknown as IndexStore;
    expect((await listKnownVersions(whole)).previous('c')).toEqual({
      id: 'c',
      hash: digest(3),
      origin: 'files:.',
    });
  });
});
