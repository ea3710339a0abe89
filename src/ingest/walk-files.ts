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
      /** Relative to `home`, POSIX separators: the document id. */
      relativePath: string;
      /** The folder ids and globs are relative to: the outermost anchor holding the file, else the root. */
      home: string;
      /** Named in `paths` rather than found in a folder (include globs did not apply). */
      explicit: boolean;
    }
  | {
      kind: 'failure';
      absolutePath: string;
      /** Relative to `home`; `.` for the home itself. */
      relativePath: string;
      home: string;
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
  /**
   * Folders that anchor ids wherever the walk starts: a file under one of them (the outermost)
   * gets an id and glob path relative to it, so `docs/sub` and `docs` give a file the same id.
   */
  anchors?: string[];
  /** Globs a file found in a folder must match (case-insensitive). */
  include: string[];
  /** Globs that skip files and whole folders, explicit files included. */
  exclude: string[];
}

/**
 * Lists the files to ingest, depth-first in byte order of names so that runs are reproducible.
 * Ids and globs are relative to each file's home: the outermost anchor that holds it, else
 * `root`, else (outside the root) the folder given. Symlinks are followed (folders once each, so loops end); a broken link or an unreadable
 * folder becomes a failure entry, never an exception.
 */
export async function* walkFiles(options: WalkFilesOptions): AsyncGenerator<WalkEntry> {
  const root = path.resolve(options.root);
  const included = options.include.length === 0 ? () => false : picomatch(options.include, { nocase: true });
  const excluded = options.exclude.length === 0 ? () => false : picomatch(options.exclude, { dot: true });
  const yielded = new Set<string>();
  const visitedFolders = new Set<string>();
  // Outermost first: nested anchors fall under the folder that holds them.
  const anchors = [...new Set((options.anchors ?? []).map((anchor) => path.resolve(anchor)))].sort(
    (a, b) => a.length - b.length,
  );
  const homeOf = (absolutePath: string, fallback: string) =>
    anchors.find((anchor) => isInside(anchor, absolutePath)) ?? fallback;

  const failure = (
    absolutePath: string,
    folder: boolean,
    described: ReturnType<typeof describeFileError>,
    home = homeOf(absolutePath, root),
  ) =>
    ({
      kind: 'failure',
      absolutePath,
      relativePath: relativeTo(home, absolutePath),
      home,
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
      yield failure(folder, true, describeFileError(error, 'folder'), homeOf(folder, base));
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      const absolutePath = path.join(folder, entry.name);
      const home = homeOf(absolutePath, base);
      const matchPath = relativeTo(home, absolutePath);
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
            yield failure(absolutePath, false, await describeLinkError(absolutePath, error), home);
          continue;
        }
      }
      if (directory) {
        if (excluded(`${matchPath}/`)) continue;
        try {
          entryStats ??= await stat(absolutePath);
        } catch (error) {
          yield failure(absolutePath, true, describeFileError(error, 'folder'), home);
          continue;
        }
        yield* walkFolder(absolutePath, base, entryStats);
      } else if (file && included(matchPath)) {
        if (yielded.has(absolutePath)) continue;
        yielded.add(absolutePath);
        yield { kind: 'file', absolutePath, relativePath: matchPath, home, explicit: false };
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
      const home = homeOf(absolutePath, insideRoot ? root : path.dirname(absolutePath));
      const relativePath = relativeTo(home, absolutePath);
      if (excluded(relativePath) || yielded.has(absolutePath)) continue;
      yielded.add(absolutePath);
      yield { kind: 'file', absolutePath, relativePath, home, explicit: true };
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
