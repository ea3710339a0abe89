import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../core/errors.js';
import type { EvalRow, VariantName } from '../core/eval-types.js';
import type { RunCheckRules } from '../core/report-types.js';
import { redactDeep } from '../core/secrets.js';

/**
 * The layout of `<dataDir>/runs/<run-id>/`, known here and nowhere else: the eval writes
 * rows.jsonl and meta.json, diagnose adds report.json and report.html, and every reader (the
 * CLI's compare, diagnose --run and tune regress, the server's /v1/runs, the demo) goes through
 * these functions — so a run id is checked the same way everywhere and a torn row is dropped the
 * same way everywhere.
 */
export const runFiles = {
  /** One EvalRow per line, appended as rows finish (a killed run resumes from it). */
  rows: 'rows.jsonl',
  /** RunMeta: when the run started and completed, which variants and models. */
  meta: 'meta.json',
  /** The diagnosis (ReportData) that `diagnose` and `eval` write beside the rows. */
  reportJson: 'report.json',
  /** The same report as one self-contained HTML page. */
  reportHtml: 'report.html',
} as const;

export interface RunMeta {
  runId: string;
  startedAt: string;
  completedAt?: string;
  variants: VariantName[];
  models: Record<string, string>;
  skippedVariants?: { variant: string; reason: string }[];
  /** The pass marks the checks used and the judge: what the report says the run was held to. */
  checks?: RunCheckRules;
}

/** A folder name: letters, digits, `_ . -`; no separators, no `..`, nothing hidden. */
const RUN_ID = /^\w[\w.-]{0,199}$/;

export function isRunId(id: string): boolean {
  return RUN_ID.test(id) && !id.includes('..');
}

/** `20261122-161500-ab12`: sorts by start time, unique within a second. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Rows from rows.jsonl text; a torn line (a run killed mid-write) is dropped, and that row runs again. */
export function parseRows(text: string): EvalRow[] {
  const rows: EvalRow[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      rows.push(JSON.parse(line) as EvalRow);
    } catch {
      // A partial line from an interrupted write.
    }
  }
  return rows;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** The rows written so far in a run folder (none when it has no rows.jsonl yet). */
export async function readRows(directory: string): Promise<EvalRow[]> {
  return parseRows((await readText(path.join(directory, runFiles.rows))) ?? '');
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export interface RunFolders {
  /** `<dataDir>/runs`. */
  readonly root: string;
  /** The folder of a run; an id that is not a folder name is refused (INPUT_INVALID, param `id`). */
  directory(id: string): string;
  /** A file of a run: `file(id, 'reportHtml')`. */
  file(id: string, name: keyof typeof runFiles): string;
  /** Creates the folder of a run (new or resumed) and returns it. */
  create(id: string): Promise<string>;
  /** Run ids with a folder, newest first (ids sort by start time). */
  list(): Promise<string[]>;
  /** The newest run with rows; with `incompleteOnly`, the newest whose meta says it never completed. */
  latest(options?: { incompleteOnly?: boolean }): Promise<string | undefined>;
  /** A run's rows; INPUT_NOT_FOUND when the run does not exist. */
  readRows(id: string): Promise<EvalRow[]>;
  readMeta(id: string): Promise<RunMeta | null>;
  writeMeta(id: string, meta: RunMeta): Promise<void>;
  /** report.json, or null before diagnose wrote one (or when it is unreadable). */
  readReport<T>(id: string): Promise<T | null>;
  readReportHtml(id: string): Promise<string | null>;
  /** Writes report.json and report.html, each atomically. */
  writeReport(id: string, report: { json: unknown; html: string }): Promise<{ json: string; html: string }>;
}

export function createRunFolders(root: string): RunFolders {
  const folders: RunFolders = {
    root,
    directory(id) {
      if (!isRunId(id)) {
        throw new KnowhowError('INPUT_INVALID', `"${id.slice(0, 80)}" is not a run id.`, {
          hint: 'Run ids are folder names under .knowhow/runs, like 20261122-161500-ab12 (letters, digits, _ . -).',
          details: { param: 'id' },
        });
      }
      return path.join(root, id);
    },
    file(id, name) {
      return path.join(folders.directory(id), runFiles[name]);
    },
    async create(id) {
      const directory = folders.directory(id);
      await mkdir(directory, { recursive: true });
      return directory;
    },
    async list() {
      try {
        return (await readdir(root, { withFileTypes: true }))
          .filter((entry) => entry.isDirectory() && isRunId(entry.name))
          .map((entry) => entry.name)
          .sort()
          .reverse();
      } catch {
        return [];
      }
    },
    async latest(options = {}) {
      for (const id of await folders.list()) {
        if (options.incompleteOnly) {
          const meta = await folders.readMeta(id);
          if (meta && !meta.completedAt) return id;
        } else if ((await readText(folders.file(id, 'rows'))) !== null) {
          return id;
        }
      }
      return undefined;
    },
    async readRows(id) {
      const directory = folders.directory(id);
      try {
        await stat(directory);
      } catch {
        throw new KnowhowError('INPUT_NOT_FOUND', `There is no eval run "${id}" in ${root}.`, {
          hint: '`knowhow eval` creates runs; their ids are the folder names under .knowhow/runs.',
          details: { param: 'id' },
        });
      }
      return readRows(directory);
    },
    async readMeta(id) {
      const text = await readText(folders.file(id, 'meta'));
      if (text === null) return null;
      try {
        return JSON.parse(text) as RunMeta;
      } catch {
        return null;
      }
    },
    async writeMeta(id, meta) {
      await folders.create(id);
      // Redacted: a key that reached a model id or an error never lands in a run file.
      await writeAtomic(folders.file(id, 'meta'), `${JSON.stringify(redactDeep(meta), null, 2)}\n`);
    },
    async readReport<T>(id: string) {
      const text = await readText(folders.file(id, 'reportJson'));
      if (text === null) return null;
      try {
        return JSON.parse(text) as T;
      } catch {
        return null;
      }
    },
    readReportHtml(id) {
      return readText(folders.file(id, 'reportHtml'));
    },
    async writeReport(id, report) {
      await folders.create(id);
      const json = folders.file(id, 'reportJson');
      const html = folders.file(id, 'reportHtml');
      await writeAtomic(json, `${JSON.stringify(report.json, null, 2)}\n`);
      await writeAtomic(html, report.html);
      return { json, html };
    },
  };
  return folders;
}
