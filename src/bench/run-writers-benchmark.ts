import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configSchema } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { createWorkspace } from '../workspace/index.js';
import { auditIndex } from './audit-index.js';
import { type CliRun, deleteDocuments, packageRoot, runKnowhow, writeDocuments } from './cli-workspace.js';

/**
 * Concurrent writers: in each trial, `writers` real `knowhow ingest` processes start at once on
 * one fresh index of `documents` Markdown files; then a fifth of the files change, a twentieth
 * are deleted, and as many `knowhow ingest --prune` processes start at once again. After each
 * round the index is audited against the files: duplicates, lost and ghost documents.
 */

export interface WritersBenchmarkOptions {
  trials: number;
  documents: number;
  writers: number;
  onProgress?: (line: string) => void;
}

export interface WritersTrial {
  trial: number;
  /** Every process's exit code, both rounds. */
  exitCodes: (number | null)[];
  /** Processes that printed the waiting line. */
  waited: number;
  duplicates: number;
  lost: number;
  ghosts: number;
  seconds: number;
}

export interface WritersBenchmarkResult {
  documents: number;
  writers: number;
  trials: WritersTrial[];
  duplicates: number;
  lost: number;
  ghosts: number;
  failedProcesses: number;
}

const CONFIG = 'ingest:\n  batchSize: 16\nchunk:\n  maxTokens: 60\n  overlapTokens: 10\n';

export async function runWritersBenchmark(options: WritersBenchmarkOptions): Promise<WritersBenchmarkResult> {
  if (!existsSync(path.join(packageRoot, 'dist', 'cli', 'main.js'))) {
    throw new KnowhowError('USAGE', 'The writers benchmark runs the built CLI, and it is not built.', {
      hint: 'Run `npm run build` in the knowhow checkout first.',
    });
  }
  const log = options.onProgress ?? (() => {});
  const config = configSchema.parse({
    ingest: { batchSize: 16 },
    chunk: { maxTokens: 60, overlapTokens: 10 },
  });
  const trials: WritersTrial[] = [];
  for (let trial = 1; trial <= options.trials; trial++) {
    const started = performance.now();
    const root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-writers-'));
    try {
      await writeFile(path.join(root, 'knowhow.yaml'), CONFIG);
      const docs = path.join(root, 'docs');
      const versions = new Map(Array.from({ length: options.documents }, (_, index) => [index, 0]));
      await writeDocuments(docs, versions);
      const audit = () =>
        auditIndex({
          indexDirectory: path.join(root, '.knowhow', 'index'),
          documentsDirectory: docs,
          ingest: config.ingest,
          chunk: createWorkspace({ config, root, file: null, dataDir: path.join(root, '.knowhow') }).chunk,
        });
      const together = (args: string[]) =>
        Promise.all(Array.from({ length: options.writers }, () => runKnowhow(args, { cwd: root })));
      const first = await together(['ingest', 'docs']);
      const afterFirst = await audit();
      for (const index of versions.keys()) if (index % 5 === trial % 5) versions.set(index, 1);
      await writeDocuments(docs, versions);
      await deleteDocuments(
        docs,
        [...versions.keys()].filter((index) => index % 20 === trial % 20),
        versions,
      );
      const second = await together(['ingest', 'docs', '--prune']);
      const afterSecond = await audit();
      const runs: CliRun[] = [...first, ...second];
      const result: WritersTrial = {
        trial,
        exitCodes: runs.map((run) => run.code),
        waited: runs.filter((run) => run.stderr.includes('waiting for the ingest of pid')).length,
        duplicates: afterFirst.duplicates + afterSecond.duplicates,
        lost: afterFirst.lost.length + afterSecond.lost.length,
        ghosts: afterFirst.ghosts.length + afterSecond.ghosts.length,
        seconds: (performance.now() - started) / 1000,
      };
      trials.push(result);
      log(
        `trial ${trial}: exit ${result.exitCodes.join(',')} · waited ${result.waited} · ${result.duplicates} duplicates, ${result.lost} lost, ${result.ghosts} ghosts`,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  const sum = (pick: (trial: WritersTrial) => number) =>
    trials.reduce((total, trial) => total + pick(trial), 0);
  return {
    documents: options.documents,
    writers: options.writers,
    trials,
    duplicates: sum((trial) => trial.duplicates),
    lost: sum((trial) => trial.lost),
    ghosts: sum((trial) => trial.ghosts),
    failedProcesses: sum((trial) => trial.exitCodes.filter((code) => code !== 0).length),
  };
}
