import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChunk, makeRecord } from '../../test/helpers/make-chunk.js';
import { LanceIndexStore } from '../index/index.js';
import { readGoldPassages } from './read-gold-passages.js';

let directory: string;
let store: LanceIndexStore;
const write = (id: string, texts: string[], groups: string[]) => ({
  document: makeRecord(id, texts.length, { groups }),
  chunks: texts.map((text, i) => makeChunk(id, i, text, { groups })),
});

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-gold-'));
  store = await LanceIndexStore.open({ directory });
  await store.writeDocuments([
    write('billing/refunds.md', ['Refunds are possible within 30 days.', 'Contact billing.'], ['public']),
    write('billing/internal.md', ['Agents may approve exceptions up to $500.'], ['support']),
  ]);
  await store.optimize();
});
afterAll(async () => {
  await store.close();
  await rm(directory, { recursive: true, force: true });
});

describe('readGoldPassages', () => {
  it('gives the reader the passages of the gold documents it may read, the ones matching the question first', async () => {
    const gold = await readGoldPassages(store, {
      question: 'How many days for a refund?',
      sources: ['billing/refunds.md'],
      reader: { kind: 'groups', groups: ['public'] },
    });
    expect(gold.restricted).toEqual([]);
    expect(gold.hits.map((hit) => hit.chunk.id)).toEqual(['billing/refunds.md#0', 'billing/refunds.md#1']);
    expect(gold.hits.map((hit) => hit.rank)).toEqual([1, 2]);
  });

  it('names the gold documents the reader may not read, with the groups that may, and gives none of their text', async () => {
    const asPublic = await readGoldPassages(store, {
      question: 'exception limit',
      sources: ['billing/internal.md', 'billing/refunds.md'],
      reader: { kind: 'groups', groups: ['public'] },
    });
    expect(asPublic.restricted).toEqual([{ documentId: 'billing/internal.md', groups: ['support'] }]);
    expect(asPublic.hits.every((hit) => hit.chunk.documentId === 'billing/refunds.md')).toBe(true);
    const asSupport = await readGoldPassages(store, {
      question: 'exception limit',
      sources: ['billing/internal.md'],
      reader: { kind: 'groups', groups: ['support'] },
    });
    expect(asSupport.restricted).toEqual([]);
    expect(asSupport.hits.map((hit) => hit.chunk.id)).toEqual(['billing/internal.md#0']);
  });
});
