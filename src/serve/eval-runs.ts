import { stat } from 'node:fs/promises';
import { KnowhowError } from '../core/errors.js';
import type { EvalRow } from '../core/eval-types.js';
import type { ReportData } from '../core/report-types.js';
import type { Diagnosis } from '../decide/index.js';
import { createRunFolders, type RunFolders } from '../eval/index.js';
import type { RunDetail, RunSummary, VariantFigures } from './api-types.js';

export type { RunDetail, RunSummary, VariantFigures } from './api-types.js';

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

/** One run as the API shows it; everything about the folder goes through the run-folder module. */
async function loadRun(folders: RunFolders, id: string): Promise<RunDetail | null> {
  const directory = folders.directory(id);
  let folder: Awaited<ReturnType<typeof stat>>;
  try {
    folder = await stat(directory);
  } catch {
    return null;
  }
  if (!folder.isDirectory()) return null;
  const report = await folders.readReport<ReportData>(id);
  const rows = report?.rows ?? (await folders.readRows(id));
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
    has_report_html: (await folders.readReportHtml(id)) !== null,
    report: full,
  };
}

/** Every run folder with rows or a report, newest first. */
export async function listRuns(runsDirectory: string): Promise<RunSummary[]> {
  const folders = createRunFolders(runsDirectory);
  const runs = await Promise.all((await folders.list()).map((id) => loadRun(folders, id)));
  return runs
    .filter((run): run is RunDetail => run !== null)
    .map(({ report: _report, object: _object, ...summary }) => summary)
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
}

export async function readRun(runsDirectory: string, id: string): Promise<RunDetail> {
  const run = await loadRun(createRunFolders(runsDirectory), id);
  if (!run) {
    throw new KnowhowError('INPUT_NOT_FOUND', `There is no eval run "${id}".`, {
      hint: 'GET /v1/runs lists the runs; `knowhow eval` creates them.',
      details: { param: 'id' },
    });
  }
  return run;
}

export async function readRunReportHtml(runsDirectory: string, id: string): Promise<string> {
  const html = await createRunFolders(runsDirectory).readReportHtml(id);
  if (html === null) {
    throw new KnowhowError('INPUT_NOT_FOUND', `The run "${id}" has no HTML report yet.`, {
      hint: "Run `knowhow diagnose` to write the run's report.",
      details: { param: 'id' },
    });
  }
  return html;
}
