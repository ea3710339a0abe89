import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KnowhowError } from '../core/errors.js';
import type { EvalRow } from '../core/eval-types.js';
import type { ReportData } from '../core/report-types.js';
import type { Diagnosis } from '../decide/index.js';
import type { RunDetail, RunSummary, VariantFigures } from './api-types.js';
import { fieldError } from './error-response.js';

const ROWS_FILE = 'rows.jsonl';
const REPORT_FILE = 'report.json';
const REPORT_HTML_FILE = 'report.html';
const RUN_ID = /^[\w][\w.-]{0,199}$/;

export type { RunDetail, RunSummary, VariantFigures } from './api-types.js';

/** A run id as a folder name: no separators, no `..`, nothing hidden. */
export function runDirectory(runsDirectory: string, id: string): string {
  if (!RUN_ID.test(id) || id.includes('..')) {
    throw fieldError(
      'INPUT_INVALID',
      'id',
      `"${id.slice(0, 80)}" is not a run id.`,
      'Run ids are folder names from GET /v1/runs (letters, digits, _ . -).',
    );
  }
  return path.join(runsDirectory, id);
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** rows.jsonl, dropping a torn last line (a run killed mid-write). */
function parseRows(text: string | null): EvalRow[] {
  const rows: EvalRow[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (!line.trim()) continue;
    try {
      rows.push(JSON.parse(line) as EvalRow);
    } catch {
      // torn line
    }
  }
  return rows;
}

function figuresOf(rows: readonly EvalRow[]): VariantFigures[] {
  const byVariant = new Map<string, { cases: number; passed: number }>();
  for (const row of rows) {
    const entry = byVariant.get(row.variant) ?? { cases: 0, passed: 0 };
    entry.cases++;
    if (row.passed) entry.passed++;
    byVariant.set(row.variant, entry);
  }
  return [...byVariant].map(([variant, entry]) => ({
    variant,
    cases: entry.cases,
    passed: entry.passed,
    pass_rate: entry.cases === 0 ? 0 : entry.passed / entry.cases,
  }));
}

function recommendationOf(report: ReportData | null): string | null {
  const diagnosis = report?.diagnosis as { recommendation?: { architecture?: unknown } } | null | undefined;
  const architecture = diagnosis?.recommendation?.architecture;
  return typeof architecture === 'string' ? architecture : null;
}

async function loadRun(directory: string, id: string): Promise<RunDetail | null> {
  let folder: Awaited<ReturnType<typeof stat>>;
  try {
    folder = await stat(directory);
  } catch {
    return null;
  }
  if (!folder.isDirectory()) return null;
  const reportText = await readText(path.join(directory, REPORT_FILE));
  let report: ReportData | null = null;
  if (reportText !== null) {
    try {
      report = JSON.parse(reportText) as ReportData;
    } catch {
      report = null;
    }
  }
  const rows = report?.rows ?? parseRows(await readText(path.join(directory, ROWS_FILE)));
  if (!report && rows.length === 0) return null;
  const createdAt =
    report?.createdAt ?? rows.map((row) => row.startedAt).sort()[0] ?? new Date(folder.mtimeMs).toISOString();
  // report.json is what `diagnose` wrote: a ReportData<Diagnosis>, read back as such.
  const full: ReportData<Diagnosis | null> = (report as ReportData<Diagnosis> | null) ?? {
    runId: id,
    project: '',
    createdAt,
    models: Object.fromEntries(rows.map((row) => [row.variant, row.model])),
    skippedVariants: [],
    notes: ['No report.json yet: run `knowhow diagnose` for attribution, costs and the recommendation.'],
    cases: [],
    rows,
    chunks: {},
    diagnosis: null,
  };
  return {
    object: 'eval.run',
    id,
    created_at: createdAt,
    project: report?.project || null,
    cases: new Set(rows.map((row) => row.caseId)).size,
    rows: rows.length,
    variants: figuresOf(rows),
    recommendation: recommendationOf(report),
    has_report: report !== null,
    has_report_html: await exists(path.join(directory, REPORT_HTML_FILE)),
    report: full,
  };
}

/** Every run folder with rows or a report, newest first. */
export async function listRuns(runsDirectory: string): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = (await readdir(runsDirectory, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && RUN_ID.test(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  const runs = await Promise.all(names.map((name) => loadRun(path.join(runsDirectory, name), name)));
  return runs
    .filter((run): run is RunDetail => run !== null)
    .map(({ report: _report, object: _object, ...summary }) => summary)
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
}

export async function readRun(runsDirectory: string, id: string): Promise<RunDetail> {
  const run = await loadRun(runDirectory(runsDirectory, id), id);
  if (!run) {
    throw new KnowhowError('INPUT_NOT_FOUND', `There is no eval run "${id}".`, {
      hint: 'GET /v1/runs lists the runs; `knowhow eval` creates them.',
      details: { param: 'id' },
    });
  }
  return run;
}

export async function readRunReportHtml(runsDirectory: string, id: string): Promise<string> {
  const html = await readText(path.join(runDirectory(runsDirectory, id), REPORT_HTML_FILE));
  if (html === null) {
    throw new KnowhowError('INPUT_NOT_FOUND', `The run "${id}" has no HTML report yet.`, {
      hint: "Run `knowhow diagnose` to write the run's report.",
      details: { param: 'id' },
    });
  }
  return html;
}
