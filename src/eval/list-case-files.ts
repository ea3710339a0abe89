import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** File kinds a cases/ or examples folder may hold. */
export function recordKindOf(file: string): 'yaml' | 'jsonl' | null {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  return null;
}

/**
 * Every YAML/JSONL file under `directory`, recursively, in a stable order (by relative path,
 * compared as plain strings so that the order is the same on every machine and locale).
 * Hidden files and folders (.git, editor swap files) are skipped.
 */
export async function listCaseFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(folder: string): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && recordKindOf(entry.name) !== null) found.push(full);
    }
  }
  await walk(directory);
  const relative = (file: string) => path.relative(directory, file).split(path.sep).join('/');
  return found.sort((a, b) => (relative(a) < relative(b) ? -1 : relative(a) > relative(b) ? 1 : 0));
}

/** Whether a path exists and what it is, without throwing. */
export async function pathKind(target: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    const info = await stat(target);
    return info.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/** Path as shown in messages: relative to `root` when inside it (POSIX separators), else absolute. */
export function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return file;
  return relative.split(path.sep).join('/');
}
