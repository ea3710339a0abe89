import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configSchema } from '../core/config/schema.js';
import { KnowhowError } from '../core/errors.js';
import { type CrashPoint, crashPoints } from '../index/index.js';
import { createWorkspace } from '../workspace/index.js';
import { auditIndex } from './audit-index.js';
import { deleteDocuments, packageRoot, runKnowhow, writeDocuments } from './cli-workspace.js';

/**
 * Every commit point of the index store × crash scenarios, through the real CLI: a run is killed
 * (SIGKILL, KNOWHOW_CRASH_AT) exactly at the point, once or several times in a row, files are
 * changed or deleted in between, and a last run without a crash must leave the index equal to
 * the files: 0 duplicates, 0 ghosts (deleted files still indexed), 0 lost (files missing, stale
 * or incomplete).
 */

export const crashScenarios = ['single', 'in-a-row', 'delete-prune'] as const;
export type CrashScenario = (typeof crashScenarios)[number];

export interface CrashMatrixOptions {
  points?: readonly CrashPoint[];
  scenarios?: readonly CrashScenario[];
  documents?: number;
  onProgress?: (line: string) => void;
}

export interface CrashMatrixRow {
  point: CrashPoint;
  scenario: CrashScenario;
  /** What ran, in order: `✗` marks a run killed at the point. */
  steps: string;
  /** Runs meant to crash that did (a point not reached would prove nothing). */
  crashed: number;
  expectedCrashes: number;
  /** Exit code of the last, uncrashed run. */
  finalExit: number | null;
  duplicates: number;
  ghosts: number;
  lost: number;
}

const CONFIG = 'ingest:\n  batchSize: 4\nchunk:\n  maxTokens: 60\n  overlapTokens: 10\n';

type Step =
  | { kind: 'ingest'; prune?: boolean; crash?: { point: CrashPoint; nth: number } }
  | { kind: 'change'; every: number; version: number }
  | { kind: 'add'; count: number }
  | { kind: 'delete'; every: number; offset: number };

/** A half-written document for recovery to find: killed between the chunks and documents commits. */
const halfWrite: Step = { kind: 'ingest', crash: { point: 'write:after-chunks', nth: 2 } };

function plan(point: CrashPoint, scenario: CrashScenario): Step[] {
  const crash = (nth = 1, prune = false): Step => ({ kind: 'ingest', prune, crash: { point, nth } });
  const change: Step[] = [
    { kind: 'change', every: 3, version: 1 },
    { kind: 'add', count: 4 },
  ];
  const remove: Step = { kind: 'delete', every: 4, offset: 1 };
  const removeMore: Step = { kind: 'delete', every: 5, offset: 2 };
  const finish = (prune = false): Step => ({ kind: 'ingest', prune });
  if (point.startsWith('delete:')) {
    if (scenario === 'single') return [remove, crash(1, true), finish(true)];
    if (scenario === 'in-a-row') return [remove, crash(1, true), removeMore, crash(1, true), finish(true)];
    return [...change, halfWrite, remove, crash(1, true), finish(true)];
  }
  if (point.startsWith('recover:')) {
    if (scenario === 'single') return [...change, halfWrite, crash(), finish()];
    if (scenario === 'in-a-row') return [...change, halfWrite, crash(), crash(), finish()];
    return [...change, halfWrite, crash(), remove, finish(true)];
  }
  // Writes crash in the second batch, so that the first has committed; optimize runs once a run.
  // Only a batch that replaces documents reaches write:after-upsert, and here only the first does.
  const nth = point.startsWith('write:') && point !== 'write:after-upsert' ? 2 : 1;
  if (scenario === 'single') return [...change, crash(nth), finish()];
  if (scenario === 'in-a-row') {
    // The first crash leaves new documents' chunks without records (batch 3 holds only new
    // documents); the second run starts with other documents and crashes at the point. A journal
    // that kept only the batch in flight forgot the first crash here, and the last run added
    // those chunks a second time.
    return [
      { kind: 'change', every: 3, version: 1 },
      { kind: 'add', count: 8 },
      { kind: 'ingest', crash: { point: 'write:after-chunks', nth: 3 } },
      { kind: 'change', every: 4, version: 2 },
      crash(1),
      finish(),
    ];
  }
  return [...change, crash(nth), remove, finish(true)];
}

export async function runCrashMatrix(options: CrashMatrixOptions = {}): Promise<CrashMatrixRow[]> {
  if (!existsSync(path.join(packageRoot, 'dist', 'cli', 'main.js'))) {
    throw new KnowhowError('USAGE', 'The crash matrix runs the built CLI, and it is not built.', {
      hint: 'Run `npm run build` in the knowhow checkout first.',
    });
  }
  const rows: CrashMatrixRow[] = [];
  for (const point of options.points ?? crashPoints) {
    for (const scenario of options.scenarios ?? crashScenarios) {
      const row = await runScenario(point, scenario, options.documents ?? 16);
      rows.push(row);
      options.onProgress?.(formatCrashRow(row));
    }
  }
  return rows;
}

async function runScenario(
  point: CrashPoint,
  scenario: CrashScenario,
  documents: number,
): Promise<CrashMatrixRow> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-crash-'));
  try {
    await writeFile(path.join(root, 'knowhow.yaml'), CONFIG);
    const docs = path.join(root, 'docs');
    const versions = new Map(Array.from({ length: documents }, (_, index) => [index, 0]));
    await writeDocuments(docs, versions);
    const baseline = await runKnowhow(['ingest', 'docs', '--quiet'], { cwd: root });
    if (baseline.code !== 0)
      throw new KnowhowError('INTERNAL', `Crash matrix: the first ingest failed: ${baseline.stderr}`);
    const steps: string[] = [];
    let crashed = 0;
    let expectedCrashes = 0;
    let finalExit: number | null = null;
    let next = documents;
    for (const step of plan(point, scenario)) {
      if (step.kind === 'change') {
        for (const index of versions.keys()) if (index % step.every === 0) versions.set(index, step.version);
        await writeDocuments(docs, versions);
        steps.push(`change 1/${step.every}`);
      } else if (step.kind === 'add') {
        for (let i = 0; i < step.count; i++) versions.set(next++, 0);
        await writeDocuments(docs, versions);
        steps.push(`add ${step.count}`);
      } else if (step.kind === 'delete') {
        const gone = [...versions.keys()].filter((index) => index % step.every === step.offset);
        await deleteDocuments(docs, gone, versions);
        steps.push(`delete ${gone.length}`);
      } else {
        const args = ['ingest', 'docs', '--quiet', ...(step.prune ? ['--prune'] : [])];
        const env: Record<string, string> = step.crash
          ? { KNOWHOW_CRASH_AT: `${step.crash.point}#${step.crash.nth}` }
          : {};
        const result = await runKnowhow(args, { cwd: root, env });
        const name = `ingest${step.prune ? ' --prune' : ''}`;
        if (step.crash) {
          expectedCrashes++;
          if (result.signal === 'SIGKILL') crashed++;
          steps.push(`${name} ✗${step.crash.point === point ? '' : ` ${step.crash.point}`}`);
        } else {
          finalExit = result.code;
          steps.push(name);
        }
      }
    }
    const config = configSchema.parse({ chunk: { maxTokens: 60, overlapTokens: 10 } });
    const audit = await auditIndex({
      indexDirectory: path.join(root, '.knowhow', 'index'),
      documentsDirectory: docs,
      ingest: config.ingest,
      chunk: createWorkspace({ config, root, file: null, dataDir: path.join(root, '.knowhow') }).chunk,
    });
    return {
      point,
      scenario,
      steps: steps.join(' → '),
      crashed,
      expectedCrashes,
      finalExit,
      duplicates: audit.duplicates,
      ghosts: audit.ghosts.length,
      lost: audit.lost.length,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatCrashRow(row: CrashMatrixRow): string {
  return [
    row.point.padEnd(24),
    row.scenario.padEnd(13),
    `crashed ${row.crashed}/${row.expectedCrashes}`.padEnd(12),
    `exit ${row.finalExit}`.padEnd(7),
    `dup ${row.duplicates}`.padEnd(6),
    `ghosts ${row.ghosts}`.padEnd(9),
    `lost ${row.lost}`.padEnd(7),
    row.steps,
  ].join(' ');
}
