import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../core/config/schema.js';
import type { Progress } from '../core/progress.js';
import { EVERYONE } from '../core/types.js';
import { LanceIndexStore } from '../index/index.js';
import { createWorkspace, type Workspace } from './open-workspace.js';

let root: string;
let workspace: Workspace;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-rebuild-'));
  await mkdir(path.join(root, 'docs'));
  workspace = createWorkspace({
    config: configSchema.parse({ ingest: { paths: ['docs'] } }),
    root,
    file: null,
    dataDir: path.join(root, '.knowhow'),
  });
});
afterEach(async () => {
  await workspace.close();
  await rm(root, { recursive: true, force: true });
});

async function writeDocs(names: string[]): Promise<void> {
  await rm(path.join(root, 'docs'), { recursive: true, force: true });
  await mkdir(path.join(root, 'docs'));
  for (const name of names) {
    await writeFile(path.join(root, 'docs', `${name}.md`), `# ${name}\n\nThe refund policy of ${name}.\n`);
  }
}

const documentsOf = async (store: { searchText: LanceIndexStore['searchText'] }) =>
  [
    ...new Set(
      (await store.searchText('refund', { k: 10, reader: EVERYONE })).map((hit) => hit.chunk.documentId),
    ),
  ].sort();

const generationOf = (directory: string) =>
  (JSON.parse(readFileSync(path.join(directory, 'knowhow-index.json'), 'utf8')) as { generation: string })
    .generation;

/** A progress that calls `onTick` at each tick, as a running ingest reports its documents. */
const progressCalling = (onTick: (count: number) => void): Progress => {
  let count = 0;
  return { tick: () => onTick(++count), setTotal() {}, done() {} };
};

describe('ingest --rebuild (LanceDB)', () => {
  it('a rebuild that fails midway leaves the old index searchable with its old documents', async () => {
    await writeDocs(['alpha', 'beta']);
    await workspace.ingest();
    await writeDocs(['gamma', 'delta', 'epsilon']);
    const failure = new Error('the embedder failed');
    await expect(
      workspace.ingest({
        rebuild: true,
        progress: progressCalling((count) => {
          if (count === 2) throw failure;
        }),
      }),
    ).rejects.toBe(failure);
    expect(await documentsOf(await workspace.store())).toEqual(['alpha.md', 'beta.md']);
    expect(await readdir(path.join(root, '.knowhow'))).not.toContain('index.rebuild');
  });

  it('a reader opened before the rebuild reads the old index while it runs and the new one right after, without an error', async () => {
    await writeDocs(['alpha', 'beta']);
    await workspace.ingest();
    const before = generationOf(workspace.paths.index);
    const reader = await LanceIndexStore.open({ directory: workspace.paths.index });
    expect(await documentsOf(reader)).toEqual(['alpha.md', 'beta.md']);
    await writeDocs(['gamma']);
    const seenDuring: string[] = [];
    const summary = await workspace.ingest({
      rebuild: true,
      progress: progressCalling(() => seenDuring.push(generationOf(workspace.paths.index))),
    });
    expect(summary.added).toBe(1);
    // While the rebuild ran, the index folder was the old one (the ledger made it skip nothing).
    expect(seenDuring.length).toBeGreaterThan(0);
    expect(new Set(seenDuring)).toEqual(new Set([before]));
    expect(generationOf(workspace.paths.index)).not.toBe(before);
    expect(await documentsOf(reader)).toEqual(['gamma.md']);
    await reader.close();
  });

  it('a reader that wants settings the rebuilt index no longer has is told to restart, not to rebuild', async () => {
    await writeDocs(['alpha']);
    await workspace.ingest();
    const reader = await LanceIndexStore.open({ directory: workspace.paths.index, language: 'english' });
    expect(await documentsOf(reader)).toEqual(['alpha.md']);
    const german = createWorkspace({
      config: configSchema.parse({ ingest: { paths: ['docs'] }, retrieve: { language: 'german' } }),
      root,
      file: null,
      dataDir: path.join(root, '.knowhow'),
    });
    await german.ingest({ rebuild: true });
    await german.close();
    // Readers look at the index's manifest at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refused = await documentsOf(reader).catch((error) => error);
    expect(refused).toMatchObject({ code: 'INDEX_INCOMPATIBLE' });
    expect(String(refused.message)).toContain('rebuilt while this process had it open');
    expect(String(refused.hint)).toMatch(/^Restart this process/);
    await reader.close();
  });

  it('reads every file again, as a rebuild from an empty index does, though the file ledger knows them', async () => {
    await writeDocs(['alpha', 'beta']);
    await workspace.ingest();
    expect((await workspace.ingest()).unchanged).toBe(2);
    const summary = await workspace.ingest({ rebuild: true });
    expect({ added: summary.added, unchanged: summary.unchanged }).toEqual({ added: 2, unchanged: 0 });
    expect(await documentsOf(await workspace.store())).toEqual(['alpha.md', 'beta.md']);
  });
});
