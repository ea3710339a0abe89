import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestCase } from '../../core/case-types.js';
import { KnowhowError } from '../../core/errors.js';
import type { EvalRow } from '../../core/eval-types.js';
import type { ReporterName, ReporterRequest } from '../../report/reporters/index.js';
import { reporters } from '../../report/reporters/index.js';
import type { Workspace } from '../../workspace/index.js';
import type { CommandContext } from '../output.js';

/**
 * Writes the `--reporter` files of a finished run: each reporter's file in the run folder (so it
 * stays with the rows it describes), plus a copy at every path given with `name=path` (resolved
 * against the working directory, folders created). Files are written whole, then renamed, so a
 * CI job never reads half a report.
 */

export interface WriteEvalReportsOptions {
  requests: readonly ReporterRequest[];
  runDirectory: string;
  /** Where relative `name=path` paths start: the command's working directory. */
  cwd: string;
  runId: string;
  project: string;
  rows: readonly EvalRow[];
  cases: readonly TestCase[];
  skippedVariants: readonly { variant: string; reason: string }[];
}

export interface WrittenReport {
  reporter: ReporterName;
  /** The run folder's copy first, then the paths given. */
  files: string[];
}

export async function writeEvalReports(options: WriteEvalReportsOptions): Promise<WrittenReport[]> {
  const written: WrittenReport[] = [];
  const names = [...new Set(options.requests.map((request) => request.name))];
  for (const name of names) {
    const reporter = reporters[name];
    const text = await reporter.render({
      runId: options.runId,
      project: options.project,
      rows: options.rows,
      cases: options.cases,
      skippedVariants: options.skippedVariants,
    });
    const targets = [
      path.join(options.runDirectory, reporter.fileName),
      ...options.requests
        .filter((request) => request.name === name && request.path !== undefined)
        .map((request) => path.resolve(options.cwd, request.path!)),
    ];
    for (const target of targets) await writeWhole(target, text, name);
    written.push({ reporter: name, files: targets });
  }
  return written;
}

async function writeWhole(file: string, text: string, reporter: ReporterName): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    throw new KnowhowError(
      'WRITE_FAILED',
      `Could not write the ${reporter} report to ${file}: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'Check that the folder is writable, or give another path: --reporter junit=reports/junit.xml.',
      },
    );
  }
}

/** `eval` and `diagnose`: the reports `--reporter` asked for, of a run that just finished or was read back. */
export async function writeRequestedReports(options: {
  requests: readonly ReporterRequest[];
  context: Pick<CommandContext, 'cwd'>;
  workspace: Workspace;
  run: {
    runId: string;
    directory: string;
    rows: readonly EvalRow[];
    skippedVariants: readonly { variant: string; reason: string }[];
  };
  cases: readonly TestCase[];
}): Promise<WrittenReport[]> {
  if (options.requests.length === 0) return [];
  return writeEvalReports({
    requests: options.requests,
    runDirectory: options.run.directory,
    cwd: options.context.cwd,
    runId: options.run.runId,
    project: options.workspace.config.project,
    rows: options.run.rows,
    cases: options.cases,
    skippedVariants: options.run.skippedVariants,
  });
}
