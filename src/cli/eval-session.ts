/**
 * Everything `eval`, `diagnose` and `demo` share: loading cases and examples, picking models,
 * wiring retrieval and checks into an EvalEnvironment, running, and writing the run folder
 * (rows.jsonl, meta.json, report.json, report.html).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FewShotExample, TestCase } from '../core/case-types.js';
import { KnowhowError } from '../core/errors.js';
import type { EvalRow, VariantName } from '../core/eval-types.js';
import type { IndexStore } from '../core/index-store.js';
import type { Progress } from '../core/progress.js';
import type { ReportChunk, ReportData } from '../core/report-types.js';
import { redactDeep } from '../core/secrets.js';
import { EVERYONE } from '../core/types.js';
import { buildDiagnosis, type Diagnosis, type TuningFacts } from '../decide/index.js';
import { formatCaseProblems, refuseBlockingProblems } from '../eval/case-problem.js';
import { checkCaseSources } from '../eval/check-case-sources.js';
import { runChecks } from '../eval/checks/run-checks.js';
import { loadCases } from '../eval/load-cases.js';
import { examplesFromTrainingCases, loadExamples } from '../eval/load-examples.js';
import { type EvalEnvironment, type EvalRunResult, readRows, runEval } from '../eval/run-eval.js';
import { generateAnswer } from '../generate/index.js';
import { sqlList } from '../index/sql-literals.js';
import { computeCost } from '../providers/shared/index.js';
import type { LanguageModel } from '../providers/spec.js';
import { retrieveWithSettings } from '../retrieve/index.js';
import type { Workspace } from './open-workspace.js';
import {
  createAnswerModel,
  createEmbedder,
  createJudgeModel,
  createLanguageModel,
  createReranker,
  effectivePrices,
} from './select-providers.js';

export interface LoadedSuite {
  cases: TestCase[];
  examples: FewShotExample[];
  /** Printable problems with cases, examples and sources (the run goes on without the bad ones). */
  warnings: string[];
}

export async function loadSuite(workspace: Workspace, store: IndexStore): Promise<LoadedSuite> {
  const warnings: string[] = [];
  const loaded = await loadCases({ directory: workspace.config.eval.cases, root: workspace.root });
  refuseBlockingProblems(loaded.problems);
  if (loaded.problems.length > 0) warnings.push(formatCaseProblems(loaded.problems));
  if (loaded.cases.length === 0) {
    throw new KnowhowError('CASES_INVALID', `No valid test case in ${workspace.config.eval.cases}.`, {
      hint:
        loaded.problems.length > 0
          ? `Fix the problems listed:\n${formatCaseProblems(loaded.problems)}`
          : 'Add YAML or JSONL cases under eval.cases (`knowhow init` writes an example).',
      details: { problems: loaded.problems },
    });
  }
  const known = new Set((await store.listDocuments()).keys());
  if (known.size > 0) {
    const sourceProblems = checkCaseSources(loaded.cases, known);
    if (sourceProblems.length > 0) warnings.push(formatCaseProblems(sourceProblems));
  }
  let examples: FewShotExample[] = [];
  if (workspace.config.eval.examples) {
    const result = await loadExamples({ path: workspace.config.eval.examples, root: workspace.root });
    if (result.problems.length > 0) warnings.push(formatCaseProblems(result.problems));
    examples = result.examples;
  }
  if (examples.length === 0) {
    examples = examplesFromTrainingCases(loaded.cases);
  }
  return { cases: loaded.cases, examples, warnings };
}

export interface EvalModels {
  base: LanguageModel;
  tuned?: LanguageModel;
  judge?: LanguageModel;
}

export async function createEvalModels(workspace: Workspace): Promise<EvalModels> {
  const base = await createAnswerModel(workspace);
  const judge = await createJudgeModel(workspace);
  let tunedReference = workspace.config.models.tuned;
  if (!tunedReference) {
    try {
      const registry = await import('../tune/index.js');
      tunedReference = await registry.registeredTunedModelRef(workspace.dataDir);
    } catch {
      tunedReference = undefined;
    }
  }
  const tuned = tunedReference ? await createLanguageModel(workspace, tunedReference, 'tuned') : undefined;
  return { base, ...(tuned ? { tuned } : {}), ...(judge ? { judge } : {}) };
}

export async function createEvalEnvironment(
  workspace: Workspace,
  store: IndexStore,
  judge: LanguageModel | undefined,
): Promise<EvalEnvironment> {
  const [embedder, reranker] = await Promise.all([createEmbedder(workspace), createReranker(workspace)]);
  const prices = effectivePrices(workspace.config.prices);
  return {
    async retrieve(question, reader, signal) {
      const result = await retrieveWithSettings({
        store,
        query: question,
        reader,
        settings: workspace.config.retrieve,
        ...(embedder ? { embedder } : {}),
        ...(reranker ? { reranker } : {}),
        ...(signal ? { signal } : {}),
      });
      return result.hits;
    },
    async goldPassages(question, sources) {
      // The gold documents' passages, the ones matching the question first, then the rest in order.
      const where = `doc_id IN (${sqlList(sources)})`;
      const matched = await store.searchText(question, { k: 50, reader: EVERYONE, where });
      const seen = new Set(matched.map((hit) => hit.chunk.id));
      const rest = (await Promise.all(sources.map((source) => store.getDocumentChunks(source))))
        .flat()
        .filter((chunk) => !seen.has(chunk.id));
      return [...matched, ...rest.map((chunk, i) => ({ chunk, score: 0, rank: matched.length + i + 1 }))].map(
        (hit, i) => ({
          ...hit,
          rank: i + 1,
        }),
      );
    },
    answer: (options) => generateAnswer(options),
    check: (options) => runChecks({ ...options, ...(judge ? { judge } : {}) }),
    costOf: (model, usage) =>
      computeCost(prices, { provider: model.provider, model: model.modelId, ...usage }).cost,
  };
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

interface RunMeta {
  runId: string;
  startedAt: string;
  completedAt?: string;
  variants: VariantName[];
  models: Record<string, string>;
}

/** The newest run folder, preferring one that never completed (for --resume without an id). */
export async function findRun(
  workspace: Workspace,
  options: { incompleteOnly?: boolean } = {},
): Promise<string | undefined> {
  let entries: string[];
  try {
    entries = (await readdir(workspace.runsDirectory)).sort().reverse();
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    try {
      const meta = JSON.parse(
        await readFile(path.join(workspace.runsDirectory, entry, 'meta.json'), 'utf8'),
      ) as RunMeta;
      if (!options.incompleteOnly || !meta.completedAt) return entry;
    } catch {
      // Not a run folder.
    }
  }
  return undefined;
}

export function runDirectory(workspace: Workspace, runId: string): string {
  if (!/^[\w.-]+$/.test(runId)) {
    throw new KnowhowError('USAGE', `"${runId}" is not a run id.`, {
      hint: 'Run ids look like 20261122-161500-ab12.',
    });
  }
  return path.join(workspace.runsDirectory, runId);
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(redactDeep(value), null, 2)}\n`);
  await rename(temporary, file);
}

export interface ExecuteEvalOptions {
  workspace: Workspace;
  store: IndexStore;
  suite: LoadedSuite;
  models: EvalModels;
  variants?: VariantName[];
  runId?: string;
  retryErrors?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

export async function executeEval(options: ExecuteEvalOptions): Promise<EvalRunResult> {
  const { workspace, store, suite, models } = options;
  const runId = options.runId ?? newRunId();
  const directory = runDirectory(workspace, runId);
  await mkdir(directory, { recursive: true });
  const variants = options.variants ?? workspace.config.eval.variants;
  const metaFile = path.join(directory, 'meta.json');
  let meta: RunMeta;
  try {
    meta = JSON.parse(await readFile(metaFile, 'utf8')) as RunMeta;
  } catch {
    meta = {
      runId,
      startedAt: new Date().toISOString(),
      variants,
      models: {
        base: `${models.base.provider}:${models.base.modelId}`,
        ...(models.tuned ? { tuned: `${models.tuned.provider}:${models.tuned.modelId}` } : {}),
        ...(models.judge ? { judge: `${models.judge.provider}:${models.judge.modelId}` } : {}),
      },
    };
    await writeJsonAtomic(metaFile, meta);
  }
  const environment = await createEvalEnvironment(workspace, store, models.judge);
  const result = await runEval({
    runId,
    directory,
    cases: suite.cases,
    examples: suite.examples,
    variants,
    base: models.base,
    ...(models.tuned ? { tuned: models.tuned } : {}),
    environment,
    k: workspace.config.retrieve.k,
    fewShot: workspace.config.eval.fewShot,
    concurrency: workspace.config.eval.concurrency,
    ...(workspace.config.eval.systemPrompt ? { systemPrompt: workspace.config.eval.systemPrompt } : {}),
    ...(options.retryErrors ? { retryErrors: true } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await writeJsonAtomic(metaFile, {
    ...meta,
    completedAt: new Date().toISOString(),
    skippedVariants: result.skippedVariants,
  });
  return result;
}

/** Builds the report data of a finished run: diagnosis plus the chunk texts its rows refer to. */
export async function buildReportData(options: {
  workspace: Workspace;
  store: IndexStore;
  runId: string;
  rows: EvalRow[];
  cases: TestCase[];
  skippedVariants: { variant: string; reason: string }[];
}): Promise<ReportData<Diagnosis>> {
  const { workspace, store, rows } = options;
  const stats = await store.stats();
  const diagnosis = buildDiagnosis({
    rows,
    constraints: workspace.config.constraints,
    prices: effectivePrices(workspace.config.prices),
    ...(estimateTuning(workspace, rows, options.cases) ?? {}),
    index: {
      chunks: stats.chunks,
      bytes: stats.bytesOnDisk,
      embeddingTokens: 0,
      ...(stats.embeddingModel ? { embeddingModel: stats.embeddingModel } : {}),
    },
  });
  const chunkIds = [...new Set(rows.flatMap((row) => [...row.retrievedIds, ...row.contextIds]))];
  const chunks: Record<string, ReportChunk> = {};
  for (const chunk of await store.getChunks(chunkIds)) {
    chunks[chunk.id] = {
      id: chunk.id,
      documentId: chunk.documentId,
      title: chunk.title,
      headingPath: chunk.headingPath,
      start: chunk.start,
      end: chunk.end,
      text: chunk.text,
    };
  }
  const models: Record<string, string> = {};
  for (const row of rows) models[row.variant] ??= row.model;
  const notes: string[] = [];
  if (rows.length > 0 && rows.every((row) => row.extractive)) {
    notes.push(
      'Every variant ran on the extractive answerer (no language model configured): it quotes passages and knows nothing by itself, so general-knowledge questions fail and formats are not followed. Configure models.answer to diagnose a real model.',
    );
  }
  const caseIds = new Set(rows.map((row) => row.caseId));
  return {
    runId: options.runId,
    project: workspace.config.project,
    createdAt: new Date().toISOString(),
    models,
    skippedVariants: options.skippedVariants,
    notes,
    cases: options.cases
      .filter((testCase) => caseIds.has(testCase.id))
      .map(({ id, question, answer, facts, sources, format, tags, user }) => ({
        id,
        question,
        ...(answer === undefined ? {} : { answer }),
        facts,
        sources,
        format,
        tags,
        user,
      })),
    rows,
    chunks,
    diagnosis,
  };
}

/**
 * What one training run would process, for the cost model before any job ran: the clean
 * training examples (constraints.trainingExamples, else the train-split cases) × the measured
 * tokens of a prompt-only exchange × 3 epochs (the hosted engines' usual default).
 */
function estimateTuning(
  workspace: Workspace,
  rows: EvalRow[],
  cases: TestCase[],
): { tuning: TuningFacts } | undefined {
  const examples =
    workspace.config.constraints.trainingExamples ??
    cases.filter((testCase) => testCase.split === 'train').length;
  const promptRows = rows.filter((row) => row.variant === 'prompt' && !row.error);
  if (examples === 0 || promptRows.length === 0) return undefined;
  const tokensPerExample =
    promptRows.reduce((sum, row) => sum + row.usage.promptTokens + row.usage.completionTokens, 0) /
    promptRows.length;
  return { tuning: { trainingTokens: Math.round(examples * tokensPerExample), epochs: 3 } };
}

export async function writeReportFiles(
  workspace: Workspace,
  report: ReportData<Diagnosis>,
): Promise<{ json: string; html: string }> {
  // Redacted before rendering: the renderers never see a secret (rows of older runs included).
  const data = redactDeep(report);
  const directory = runDirectory(workspace, data.runId);
  const json = path.join(directory, 'report.json');
  const html = path.join(directory, 'report.html');
  await writeJsonAtomic(json, data);
  const { renderHtmlReport } = await import('../report/index.js');
  const temporary = `${html}.${process.pid}.tmp`;
  await writeFile(temporary, renderHtmlReport(data));
  await rename(temporary, html);
  return { json, html };
}

export async function readRunRows(workspace: Workspace, runId: string): Promise<EvalRow[]> {
  const directory = runDirectory(workspace, runId);
  try {
    await stat(directory);
  } catch {
    throw new KnowhowError('INPUT_NOT_FOUND', `No run ${runId} in ${workspace.runsDirectory}.`, {
      hint: 'List runs with `ls .knowhow/runs`, or run `knowhow eval`.',
    });
  }
  return readRows(directory);
}

/** Builds a run's report data and writes report.json and report.html beside its rows. */
export async function reportRun(options: Parameters<typeof buildReportData>[0]): Promise<{
  report: ReportData<Diagnosis>;
  files: { json: string; html: string };
}> {
  const report = await buildReportData(options);
  return { report, files: await writeReportFiles(options.workspace, report) };
}

/** Runs the cases through the variants, then reports the run: what eval, diagnose and demo share. */
export async function evaluateAndReport(options: ExecuteEvalOptions): Promise<{
  result: EvalRunResult;
  report: ReportData<Diagnosis>;
  files: { json: string; html: string };
}> {
  const result = await executeEval(options);
  const { report, files } = await reportRun({
    workspace: options.workspace,
    store: options.store,
    runId: result.runId,
    rows: result.rows,
    cases: options.suite.cases,
    skippedVariants: result.skippedVariants,
  });
  return { result, report, files };
}
