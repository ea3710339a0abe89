import type { Stats } from 'node:fs';
import { lstat, opendir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ErrorCode } from '../core/error-codes.js';
import { describeFileError } from './loaders/file-errors.js';

export type WalkEntry =
  | {
      kind: 'file';
      absolutePath: string;
      /** Relative to the root, POSIX separators: the document id. */
      relativePath: string;
      /** Named in `paths` rather than found in a folder (include globs did not apply). */
      explicit: boolean;
    }
  | {
      kind: 'failure';
      absolutePath: string;
      /** `.` for the root itself. */
      relativePath: string;
      /** A folder could not be listed: every document under it is unknown this run. */
      folder: boolean;
      code: ErrorCode;
      reason: string;
      hint: string;
    };

export interface WalkFilesOptions {
  /** Files and folders, absolute or relative to `root`. */
  paths: string[];
  root: string;
  /** Globs a file found in a folder must match (case-insensitive). */
  include: string[];
  /** Globs that skip files and whole folders, explicit files included. */
  exclude: string[];
}

/**
 * Lists the files to ingest, depth-first in byte order of names so that runs are reproducible.
 * Globs match the path relative to `root`; for a folder outside the root, relative to that
 * folder. Symlinks are followed (folders once each, so loops end); a broken link or an unreadable
 * folder becomes a failure entry, never an exception.
 */
export async function* walkFiles(options: WalkFilesOptions): AsyncGenerator<WalkEntry> {
  const root = path.resolve(options.root);
  const included = options.include.length === 0 ? () => false : picomatch(options.include, { nocase: true });
  const excluded = options.exclude.length === 0 ? () => false : picomatch(options.exclude, { dot: true });
  const yielded = new Set<string>();
  const visitedFolders = new Set<string>();

  const failure = (absolutePath: string, folder: boolean, described: ReturnType<typeof describeFileError>) =>
    ({
      kind: 'failure',
      absolutePath,
      relativePath: relativeTo(root, absolutePath),
      folder,
      ...described,
    }) as const;

  async function* walkFolder(folder: string, base: string, folderStats: Stats): AsyncGenerator<WalkEntry> {
    const key = `${folderStats.dev}:${folderStats.ino}`;
    if (visitedFolders.has(key)) return;
    visitedFolders.add(key);
    const names: { name: string; directory: boolean; file: boolean; link: boolean }[] = [];
    try {
      for await (const dirent of await opendir(folder)) {
        names.push({
          name: dirent.name,
          directory: dirent.isDirectory(),
          file: dirent.isFile(),
          link: dirent.isSymbolicLink(),
        });
      }
    } catch (error) {
      yield failure(folder, true, describeFileError(error, 'folder'));
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      const absolutePath = path.join(folder, entry.name);
      const matchPath = relativeTo(base, absolutePath);
      if (excluded(matchPath)) continue;
      let directory = entry.directory;
      let file = entry.file;
      let entryStats: Stats | undefined;
      if (entry.link) {
        try {
          entryStats = await stat(absolutePath);
          directory = entryStats.isDirectory();
          file = entryStats.isFile();
        } catch (error) {
          // Only links that would have been ingested are worth a report.
          if (included(matchPath))
            yield failure(absolutePath, false, await describeLinkError(absolutePath, error));
          continue;
        }
      }
      if (directory) {
        if (excluded(`${matchPath}/`)) continue;
        try {
          entryStats ??= await stat(absolutePath);
        } catch (error) {
          yield failure(absolutePath, true, describeFileError(error, 'folder'));
          continue;
        }
        yield* walkFolder(absolutePath, base, entryStats);
      } else if (file && included(matchPath)) {
        const relativePath = relativeTo(root, absolutePath);
        if (yielded.has(relativePath)) continue;
        yielded.add(relativePath);
        yield { kind: 'file', absolutePath, relativePath, explicit: false };
      }
    }
  }

  for (const given of options.paths) {
    const absolutePath = path.resolve(root, given);
    let givenStats: Stats;
    try {
      givenStats = await stat(absolutePath);
    } catch (error) {
      yield failure(absolutePath, true, await describeLinkError(absolutePath, error));
      continue;
    }
    const insideRoot = isInside(root, absolutePath);
    if (givenStats.isDirectory()) {
      yield* walkFolder(absolutePath, insideRoot ? root : absolutePath, givenStats);
    } else if (givenStats.isFile()) {
      const matchPath = insideRoot ? relativeTo(root, absolutePath) : path.basename(absolutePath);
      const relativePath = relativeTo(root, absolutePath);
      if (excluded(matchPath) || yielded.has(relativePath)) continue;
      yielded.add(relativePath);
      yield { kind: 'file', absolutePath, relativePath, explicit: true };
    } else {
      yield failure(absolutePath, false, {
        code: 'INPUT_INVALID',
        reason: 'not a regular file or folder (a device, socket or pipe)',
        hint: 'Name files and folders only.',
      });
    }
  }
}

/** Says "broken symlink → target" when that is why a path cannot be read. */
async function describeLinkError(
  absolutePath: string,
  error: unknown,
): Promise<ReturnType<typeof describeFileError>> {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT' || errno === 'ENOTDIR') {
    try {
      if ((await lstat(absolutePath)).isSymbolicLink()) {
        const target = await readlink(absolutePath);
        return {
          code: 'INPUT_NOT_FOUND',
          reason: `broken symlink: it points at ${target}, which does not exist`,
          hint: 'Fix or remove the link, or add it to ingest.exclude in knowhow.yaml.',
        };
      }
    } catch {
      // Not there at all: the plain description below says so.
    }
    return {
      code: 'INPUT_NOT_FOUND',
      reason: 'no such file or folder',
      hint: 'Check the path (relative paths resolve against the ingest root).',
    };
  }
  return describeFileError(error);
}

function relativeTo(base: string, absolutePath: string): string {
  const relative = path.relative(base, absolutePath);
  if (relative === '') return '.';
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function isInside(root: string, absolutePath: string): boolean {
  const relative = path.relative(root, absolutePath);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}
