import path from 'node:path';
import type { DocumentRecord } from '../core/types.js';

/**
 * What one ingest run may call "gone": the files under the paths it walked. An indexed document
 * is in scope when its origin is files (never `api`) and the file it came from lies under one of
 * those paths; prune removes such documents when they were not seen, a plain run counts them.
 */

export interface IngestScope {
  /** The path given, absolute. */
  absolute: string;
  folder: boolean;
  /** The folder ids under it are relative to (for documents recorded before origins were). */
  home: string;
}

/** `files:<home relative to the project>`, or the absolute home when it lies outside the project. */
export function originOf(home: string, projectRoot: string | undefined): string {
  if (projectRoot === undefined || !isInside(projectRoot, home)) return `files:${toPosix(home)}`;
  return `files:${toPosix(path.relative(projectRoot, home)) || '.'}`;
}

export function scopeOf(options: {
  absolute: string;
  folder: boolean;
  roots: string[];
  projectRoot: string | undefined;
}): IngestScope {
  const own = options.folder ? options.absolute : path.dirname(options.absolute);
  const root = [...options.roots]
    .sort((a, b) => a.length - b.length)
    .find((candidate) => isInside(candidate, options.absolute));
  const project =
    options.projectRoot !== undefined && isInside(options.projectRoot, options.absolute)
      ? options.projectRoot
      : undefined;
  return { absolute: options.absolute, folder: options.folder, home: root ?? project ?? own };
}

export function isInScope(
  record: DocumentRecord,
  scopes: IngestScope[],
  projectRoot: string | undefined,
): boolean {
  const origin = record.origin ?? '';
  if (origin !== '' && !origin.startsWith('files:')) return false;
  return scopes.some((scope) => {
    const home = origin === '' ? scope.home : homeOf(origin, projectRoot);
    const file = path.resolve(home, fileOf(record.id));
    return scope.folder ? isInside(scope.absolute, file) : file === scope.absolute;
  });
}

function homeOf(origin: string, projectRoot: string | undefined): string {
  const home = origin.slice('files:'.length);
  return path.isAbsolute(home) ? home : path.resolve(projectRoot ?? process.cwd(), home);
}

/** The file part of an id: records of a JSON or JSONL file are `<file>#<record id>`. */
function fileOf(id: string): string {
  const hash = id.indexOf('#');
  if (hash === -1) return id;
  const file = id.slice(0, hash);
  return /\.(json|jsonl|ndjson)$/i.test(file) ? file : id;
}

function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

function toPosix(value: string): string {
  return path.sep === '/' ? value : value.split(path.sep).join('/');
}
