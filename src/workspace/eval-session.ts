/**
 * Everything `eval`, `diagnose` and `demo` share: loading cases and examples, picking models,
 * wiring retrieval and checks into an EvalEnvironment, running, and writing the run folder
 * (rows.jsonl, meta.json, report.json, report.html).
 */
import type { FewShotExample, TestCase } from '../core/case-types.js';
import { KnowhowError } from '../core/errors.js';
import type { EvalRow, VariantName } from '../core/eval-types.js';
import type { IndexStore } from '../core/index-store.js';
import type { Progress } from '../core/progress.js';
import type { ReportChunk, ReportData, RunCheckRules } from '../core/report-types.js';
import { redactDeep } from '../core/secrets.js';
import { pickSourceLocation } from '../core/source-location.js';
import type { Chunk } from '../core/types.js';
import { buildDiagnosis, type Diagnosis, type TuningFacts } from '../decide/index.js';
import { readIndexedDocuments } from '../eval/drafts/index.js';
import {
  assembleLongContext,
  checkCaseSources,
  type DraftCounts,
  describeCheckRules,
  type EvalEnvironment,
  type EvalRunResult,
  examplesFromTrainingCases,
  formatCaseProblems,
  LONG_CONTEXT_RANKED_HITS,
  loadCases,
  loadExamples,
  newRunId,
  readGoldPassages,
  refuseBlockingProblems,
  resolveCheckThresholds,
  runChecks,
  runEval,
  uniqueInOrder,
} from '../eval/index.js';
import { generateAnswer } from '../generate/index.js';
import { computeCost } from '../providers/shared/index.js';
import type { LanguageModel } from '../providers/spec.js';
import { retrieveWithSettings } from '../retrieve/index.js';
import { measureGoldSourceTokens } from './gold-source-tokens.js';
import type { Workspace } from './open-workspace.js';

export interface LoadedSuite {
  cases: TestCase[];
  examples: FewShotExample[];
  /** Printable problems with cases, examples and sources (the run goes on without the bad ones). */
  warnings: string[];
  /** Drafted cases (cases/drafts/) by review state: only accepted ones are in `cases`. */
  drafts: DraftCounts;
}

export async function loadSuite(workspace: Workspace, store: IndexStore): Promise<LoadedSuite> {
  const warnings: string[] = [];
  const loaded = await loadCases({ directory: workspace.config.eval.cases, root: workspace.root });
  refuseBlockingProblems(loaded.problems);
  if (loaded.problems.length > 0) warnings.push(formatCaseProblems(loaded.problems));
  const drafted = loaded.drafts.draft + loaded.drafts.accepted + loaded.drafts.rejected;
  if (drafted > 0) {
    warnings.push(
      `${drafted} drafted case${drafted === 1 ? '' : 's'}: ${loaded.drafts.accepted} accepted (evaluated), ${loaded.drafts.draft} awaiting review (\`knowhow cases review\`), ${loaded.drafts.rejected} rejected.`,
    );
  }
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
  return { cases: loaded.cases, examples, warnings, drafts: loaded.drafts };
}

export interface EvalModels {
  base: LanguageModel;
  tuned?: LanguageModel;
  judge?: LanguageModel;
}

/** The answer model, the current tuned model (current-tuned-model.ts) and the judge. */
export async function createEvalModels(workspace: Workspace): Promise<EvalModels> {
  const base = await workspace.answerModel();
  const judge = await workspace.judgeModel();
  const tuned = (await workspace.tunedModel())?.model;
  return { base, ...(tuned ? { tuned } : {}), ...(judge ? { judge } : {}) };
}

export async function createEvalEnvironment(
  workspace: Workspace,
  store: IndexStore,
  judge: LanguageModel | undefined,
): Promise<EvalEnvironment> {
  const retrieval = await workspace.retrieval();
  const prices = workspace.prices;
  // Whole documents for the long-context variant, read once per run (the helpdesk example: 60 documents, 349 chunks).
  let documents: Promise<Map<string, Chunk[]>> | undefined;
  return {
    async longContext({ question, reader, model, signal }) {
      documents ??= readIndexedDocuments(store);
      return assembleLongContext({
        documents: await documents,
        reader,
        question,
        model,
        async rankDocuments() {
          const ranked = await retrieveWithSettings({
            ...retrieval,
            store,
            query: question,
            reader,
            k: LONG_CONTEXT_RANKED_HITS,
            ...(signal ? { signal } : {}),
          });
          return uniqueInOrder(ranked.hits.map((hit) => hit.chunk.documentId));
        },
      });
    },
    async retrieve(question, reader, signal) {
      const result = await retrieveWithSettings({
        ...retrieval,
        store,
        query: question,
        reader,
        ...(signal ? { signal } : {}),
      });
      return result.hits;
    },
    goldPassages: (options) => readGoldPassages(store, options),
    answer: (options) => generateAnswer(options),
    check: (options) =>
      runChecks({ ...options, ...(judge ? { judge } : {}), thresholds: workspace.config.eval.thresholds }),
    costOf: (model, usage) =>
      computeCost(prices, { provider: model.provider, model: model.modelId, ...usage }).cost,
  };
}

/** The pass marks the checks use and the judge: what the report says the run was held to. */
function runCheckRules(workspace: Workspace, judge: LanguageModel | undefined): RunCheckRules {
  return {
    thresholds: resolveCheckThresholds(workspace.config.eval.thresholds),
    judge: judge ? `${judge.provider}:${judge.modelId}` : null,
  };
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
  const directory = await workspace.runs.create(runId);
  const variants = options.variants ?? workspace.config.eval.variants;
  let meta = await workspace.runs.readMeta(runId);
  if (!meta) {
    meta = {
      runId,
      startedAt: new Date().toISOString(),
      variants,
      models: {
        base: `${models.base.provider}:${models.base.modelId}`,
        ...(models.tuned ? { tuned: `${models.tuned.provider}:${models.tuned.modelId}` } : {}),
        ...(models.judge ? { judge: `${models.judge.provider}:${models.judge.modelId}` } : {}),
      },
      ...(models.base.contextWindow === undefined ? {} : { contextWindow: models.base.contextWindow }),
      checks: runCheckRules(workspace, models.judge),
    };
    await workspace.runs.writeMeta(runId, meta);
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
  await workspace.runs.writeMeta(runId, {
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
  const tunedModel = rows.find((row) => row.variant === 'tuned' || row.variant === 'hybrid')?.model;
  const { describeTunedModel } = await import('../tune/index.js');
  const tunedFrom = tunedModel ? await describeTunedModel(workspace.dataDir, tunedModel) : undefined;
  const meta = await workspace.runs.readMeta(options.runId);
  const context = await measureGoldSourceTokens(store, options.cases);
  const diagnosis = buildDiagnosis({
    rows,
    constraints: workspace.config.constraints,
    prices: workspace.prices,
    ...(estimateTuning(workspace, rows, options.cases) ?? {}),
    ...(tunedFrom ? { tunedFrom } : {}),
    context: { ...context, contextWindow: meta?.contextWindow },
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
      ...pickSourceLocation(chunk),
    };
  }
  const models: Record<string, string> = {};
  for (const row of rows) models[row.variant] ??= row.model;
  const notes: string[] = [];
  const checks = meta?.checks ?? runCheckRules(workspace, undefined);
  if (rows.length > 0 && rows.every((row) => row.extractive)) {
    notes.push(
      'Every variant ran on the extractive answerer (no language model configured; it cannot synthesise): it quotes passages and knows nothing by itself, so general-knowledge questions fail and formats are not followed. Attribution therefore labels what it cannot answer "unmeasured" instead of reasoning or behaviour gaps, and the recommendation rests on retrieval metrics and your constraints. Configure models.answer to diagnose a real model.',
    );
  }
  notes.push(describeCheckRules(checks.thresholds, checks.judge));
  const caseIds = new Set(rows.map((row) => row.caseId));
  return {
    runId: options.runId,
    project: workspace.config.project,
    createdAt: new Date().toISOString(),
    models,
    skippedVariants: options.skippedVariants,
    notes,
    checks,
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
  const { renderHtmlReport } = await import('../report/index.js');
  return workspace.runs.writeReport(data.runId, { json: data, html: renderHtmlReport(data) });
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
export async function evaluateAndReport(options: ExecuteEvalOptions): Promise<EvaluateResult> {
  const result = await executeEval(options);
  const { report, files } = await reportRun({
    workspace: options.workspace,
    store: options.store,
    runId: result.runId,
    rows: result.rows,
    cases: options.suite.cases,
    skippedVariants: result.skippedVariants,
  });
  return { result, report, files, cases: options.suite.cases, drafts: options.suite.drafts };
}

export interface EvaluateOptions {
  /** Only these variants (default eval.variants). */
  variants?: VariantName[];
  /** Continue this run, or with `true` the newest one that never completed. */
  resume?: string | true;
  /** With resume: run rows again that failed with a model error. */
  retryErrors?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
  /** Problems with cases, examples and sources (the run goes on without the bad ones). */
  onWarning?: (line: string) => void;
}

export interface EvaluateResult {
  result: EvalRunResult;
  report: ReportData<Diagnosis>;
  files: { json: string; html: string };
  /** The cases the run asked (what --reporter files describe). */
  cases: TestCase[];
  /** Drafted cases by review state (only accepted ones were asked). */
  drafts: DraftCounts;
}

/** `knowhow eval`: every case through the variants, rows and report written to a new (or resumed) run folder. */
export async function evaluate(workspace: Workspace, options: EvaluateOptions = {}): Promise<EvaluateResult> {
  let runId: string | undefined;
  if (options.resume === true) {
    runId = await workspace.runs.latest({ incompleteOnly: true });
    if (!runId) {
      throw new KnowhowError('INPUT_NOT_FOUND', 'No interrupted run to resume.', {
        hint: 'Run `knowhow eval`.',
      });
    }
  } else if (typeof options.resume === 'string') {
    runId = options.resume;
    workspace.runs.directory(runId);
  }
  const store = await workspace.store();
  const suite = await loadSuite(workspace, store);
  for (const warning of suite.warnings) options.onWarning?.(warning);
  return evaluateAndReport({
    workspace,
    store,
    suite,
    models: await createEvalModels(workspace),
    ...(options.variants ? { variants: options.variants } : {}),
    ...(runId ? { runId } : {}),
    ...(options.retryErrors ? { retryErrors: true } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export interface DiagnoseOptions {
  /** Diagnose this existing run instead of running the cases again. */
  runId?: string;
  progress?: Progress;
  signal?: AbortSignal;
  onWarning?: (line: string) => void;
}

/** `knowhow diagnose`: attribution, recommendation, costs and the HTML report, for a new run or an existing one. */
export async function diagnose(
  workspace: Workspace,
  options: DiagnoseOptions = {},
): Promise<Omit<EvaluateResult, 'result'>> {
  if (options.runId === undefined) return evaluate(workspace, options);
  const rows = await workspace.runs.readRows(options.runId);
  const store = await workspace.store();
  const suite = await loadSuite(workspace, store);
  for (const warning of suite.warnings) options.onWarning?.(warning);
  const meta = await workspace.runs.readMeta(options.runId);
  const reported = await reportRun({
    workspace,
    store,
    runId: options.runId,
    rows,
    cases: suite.cases,
    skippedVariants: meta?.skippedVariants ?? [],
  });
  return { ...reported, cases: suite.cases, drafts: suite.drafts };
}
