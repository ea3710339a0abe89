import { chmod, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  collect,
  createTempFolder,
  removeTempFolder,
  runAsNobody,
  testConfig,
  writeFiles,
} from './__fixtures__/temp-folder.js';
import { type WalkEntry, walkFiles } from './walk-files.js';

const { include, exclude } = testConfig();

function files(entries: WalkEntry[]): string[] {
  return entries.filter((entry) => entry.kind === 'file').map((entry) => entry.relativePath);
}

describe('walkFiles', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('walks folders recursively in byte order of names, matching the default include globs', async () => {
    await writeFiles(root, {
      'b.md': 'b',
      'a/z.txt': 'z',
      'a/y/deep.html': 'x',
      'A.MD': 'upper case extension',
      'a.md': 'a',
      'notes.rtf': 'unsupported',
      'image.png': 'binary',
    });
    const entries = await collect(walkFiles({ paths: ['.'], root, include, exclude }));
    expect(files(entries)).toEqual(['A.MD', 'a/y/deep.html', 'a/z.txt', 'a.md', 'b.md']);
    expect(entries.every((entry) => entry.kind === 'file' && !entry.explicit)).toBe(true);
  });

  it('skips excluded folders and files, and hidden files unless a glob names them', async () => {
    await writeFiles(root, {
      'node_modules/pkg/readme.md': 'x',
      '.git/notes.md': 'x',
      '.hidden/secret.md': 'x',
      'docs/.draft.md': 'x',
      'docs/keep.md': 'x',
      'docs/drop.md': 'x',
    });
    const entries = await collect(
      walkFiles({ paths: [root], root, include, exclude: [...exclude, 'docs/drop.md'] }),
    );
    expect(files(entries)).toEqual(['docs/keep.md']);
  });

  it('always yields files named explicitly, unless excluded, and yields each path once', async () => {
    await writeFiles(root, { 'notes.rtf': 'x', 'docs/a.md': 'a', 'skip.md': 'x' });
    const entries = await collect(
      walkFiles({
        paths: ['notes.rtf', 'docs', 'docs/a.md', 'skip.md'],
        root,
        include,
        exclude: ['skip.md'],
      }),
    );
    expect(entries.map((entry) => [entry.relativePath, entry.kind === 'file' && entry.explicit])).toEqual([
      ['notes.rtf', true],
      ['docs/a.md', false],
    ]);
  });

  it('reports a broken symlink and a missing path as failures and goes on', async () => {
    await writeFiles(root, { 'good.md': 'x' });
    await symlink(path.join(root, 'gone.md'), path.join(root, 'broken.md'));
    await symlink(path.join(root, 'gone'), path.join(root, 'no-extension'));
    const entries = await collect(walkFiles({ paths: ['.', 'missing.md'], root, include, exclude }));
    expect(entries).toEqual([
      expect.objectContaining({ kind: 'failure', relativePath: 'broken.md', code: 'INPUT_NOT_FOUND' }),
      expect.objectContaining({ kind: 'file', relativePath: 'good.md' }),
      expect.objectContaining({ kind: 'failure', relativePath: 'missing.md', code: 'INPUT_NOT_FOUND' }),
    ]);
    const broken = entries[0];
    expect(broken?.kind === 'failure' && broken.reason).toContain('broken symlink');
    expect(broken?.kind === 'failure' && broken.reason).toContain('gone.md');
  });

  it('follows symlinked folders once, so a loop ends', async () => {
    await writeFiles(root, { 'docs/a.md': 'a' });
    await symlink(root, path.join(root, 'docs', 'loop'));
    await symlink(path.join(root, 'docs'), path.join(root, 'alias'));
    const entries = await collect(walkFiles({ paths: ['.'], root, include, exclude }));
    // `alias` comes first in name order and is the only visit of that folder.
    expect(files(entries)).toEqual(['alias/a.md']);
  });

  it('reports an unreadable folder as a failure and goes on with its siblings', async () => {
    await writeFiles(root, { 'locked/secret.md': 'x', 'open/a.md': 'a' });
    await chmod(root, 0o755);
    await chmod(path.join(root, 'open'), 0o755);
    await chmod(path.join(root, 'open', 'a.md'), 0o644);
    await chmod(path.join(root, 'locked'), 0o700);
    const entries = await runAsNobody(() => collect(walkFiles({ paths: ['.'], root, include, exclude })));
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'failure',
        relativePath: 'locked',
        folder: true,
        code: 'INPUT_INVALID',
      }),
      expect.objectContaining({ kind: 'file', relativePath: 'open/a.md' }),
    ]);
    const locked = entries[0];
    expect(locked?.kind === 'failure' && locked.reason).toContain('permission denied');
  });

  it('matches globs and gives ids relative to a folder outside the root', async () => {
    const outside = await createTempFolder();
    try {
      await writeFiles(outside, { 'x/a.md': 'a' });
      await mkdir(path.join(root, 'inner'));
      const entries = await collect(
        walkFiles({ paths: [outside], root: path.join(root, 'inner'), include: ['x/*.md'], exclude }),
      );
      expect(files(entries)).toEqual(['x/a.md']);
      expect(entries[0]).toMatchObject({ home: outside });
    } finally {
      await removeTempFolder(outside);
    }
  });

  it('gives a file the same id whichever folder above it is walked: the outermost anchor holding it', async () => {
    await writeFiles(root, { 'docs/a.md': 'a', 'docs/sub/b.md': 'b', 'notes/c.md': 'c' });
    const walk = async (given: string) =>
      files(
        await collect(
          walkFiles({ paths: [given], root, anchors: [path.join(root, 'docs')], include, exclude }),
        ),
      );
    expect(await walk('docs')).toEqual(['a.md', 'sub/b.md']);
    expect(await walk('docs/sub')).toEqual(['sub/b.md']);
    expect(await walk('docs/sub/b.md')).toEqual(['sub/b.md']);
    // Above the anchor: files under it keep their anchored ids, the others are relative to the root.
    expect(await walk('.')).toEqual(['a.md', 'sub/b.md', 'notes/c.md']);
    // Globs follow the same home: an exclude relative to the anchor applies however it is reached.
    const excluded = await collect(
      walkFiles({
        paths: ['.'],
        root,
        anchors: [path.join(root, 'docs')],
        include,
        exclude: [...exclude, 'sub/**'],
      }),
    );
    expect(files(excluded)).toEqual(['a.md', 'notes/c.md']);
  });
});
