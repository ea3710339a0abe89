import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The package as a library: the built entry (`import … from 'knowhow'` resolves to dist/index.js). */
type Library = typeof import('../../src/index.js');
let knowhow: Library;
let root: string;

beforeAll(async () => {
  knowhow = (await import(path.resolve('dist/index.js'))) as Library;
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-library-'));
  await mkdir(path.join(root, 'docs', 'internal'), { recursive: true });
  await writeFile(
    path.join(root, 'docs', 'refunds.md'),
    '# Refunds\n\nCustomers can ask for a refund within 30 days.',
  );
  await writeFile(
    path.join(root, 'docs', 'internal', 'limits.md'),
    '---\ngroups: [support]\n---\n# Limits\n\nAgents may refund up to $500.',
  );
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe("import { ingest, search, ask } from 'knowhow'", () => {
  it('ingests, searches with access groups and answers with citations', async () => {
    const summary = await knowhow.ingest({ cwd: root, paths: ['docs'] });
    expect(summary).toMatchObject({ added: 2, failed: 0 });
    const asPublic = await knowhow.search('refund', { cwd: root, groups: [] });
    expect(asPublic.map((hit) => hit.chunk.documentId)).toEqual(['refunds.md']);
    const asSupport = await knowhow.search('refund agents', { cwd: root, groups: ['support'] });
    expect(asSupport.map((hit) => hit.chunk.documentId)).toContain('internal/limits.md');
    const answer = await knowhow.ask('How many days for a refund?', { cwd: root, groups: [] });
    expect(answer.extractive).toBe(true);
    expect(answer.citations[0]?.documentId).toBe('refunds.md');
    expect(knowhow.KnowhowError.isInstance(new knowhow.KnowhowError('USAGE', 'x'))).toBe(true);
  });

  it('reads as the public reader unless told otherwise; reading everything is asked for explicitly', async () => {
    await knowhow.ingest({ cwd: root, paths: ['docs'] });
    const byDefault = await knowhow.search('refund agents limits', { cwd: root });
    expect(byDefault.map((hit) => hit.chunk.documentId)).not.toContain('internal/limits.md');
    const answer = await knowhow.ask('What may agents refund?', { cwd: root });
    expect(answer.passages.map((passage) => passage.chunk.documentId)).not.toContain('internal/limits.md');
    const everyone = await knowhow.search('refund agents limits', { cwd: root, reader: knowhow.EVERYONE });
    expect(everyone.map((hit) => hit.chunk.documentId)).toContain('internal/limits.md');
  });

  it('a workspace handle holds the index open across calls until close()', async () => {
    const workspace = await knowhow.openWorkspace({ cwd: root });
    try {
      const store = await workspace.store();
      const hits = await workspace.search('refund', { groups: ['support'] });
      expect(hits.hits.length).toBeGreaterThan(0);
      const answer = await workspace.ask('How many days for a refund?');
      expect(answer.citations[0]?.documentId).toBe('refunds.md');
      expect(await workspace.store()).toBe(store);
    } finally {
      await workspace.close();
    }
  });

  it('a service holding a handle folds what another process wrote with optimize(), as `knowhow optimize`', async () => {
    const workspace = await knowhow.openWorkspace({ cwd: root });
    try {
      await workspace.search('refund');
      await writeFile(path.join(root, 'docs', 'exchanges.md'), '# Exchanges\n\nExchanges within 60 days.');
      // Another process's ingest: one new row, far under what a write folds at.
      expect(await knowhow.ingest({ cwd: root, paths: ['docs'] })).toMatchObject({
        added: 1,
        lag: { unindexedRows: 1, foldDue: false },
      });
      const result = await workspace.optimize();
      expect(result).toMatchObject({ optimized: true, engine: 'lancedb', after: { documents: 3 } });
      expect(await (await workspace.store()).measureLag?.()).toEqual({ unindexedRows: 0, foldDue: false });
      const hits = await workspace.search('exchanges');
      expect(hits.hits[0]?.chunk.documentId).toBe('exchanges.md');
    } finally {
      await workspace.close();
    }
    const again = await knowhow.optimize({ cwd: root });
    expect(again.after.chunks).toBe(again.before.chunks);
  });
});
