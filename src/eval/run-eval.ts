import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FewShotExample, TestCase } from '../core/case-types.js';
import { KnowhowError, toKnowhowError } from '../core/errors.js';
import type { CheckKind, CheckResult, EvalRow, VariantName } from '../core/eval-types.js';
import { type Progress, silentProgress } from '../core/progress.js';
import { redactDeep } from '../core/secrets.js';
import type { Reader, SearchHit } from '../core/types.js';
import type { LanguageModel } from '../providers/spec.js';
import { summarizeVerdicts } from './checks/summarize-verdicts.js';
import { formatInstructionFor } from './format-instruction.js';
import type { LongContext } from './pack-long-context.js';
import type { GoldPassages } from './read-gold-passages.js';
import { uniqueInOrder } from './retrieval-metrics.js';
import { readRows, runFiles } from './run-folder.js';

export { readRows } from './run-folder.js';

/** What a variant needs from the outside world: retrieval, gold passages, answering. Injected by the CLI. */
export interface EvalEnvironment {
  retrieve(question: string, reader: Reader, signal?: AbortSignal): Promise<SearchHit[]>;
  /**
   * The oracle's context: chunks of the gold source documents the case's reader may read, most
   * relevant to the question first, and the gold sources that reader may not read.
   */
  goldPassages(options: {
    question: string;
    sources: string[];
    reader: Reader;
    signal?: AbortSignal;
  }): Promise<GoldPassages>;
  answer(options: {
    model: LanguageModel;
    question: string;
    hits?: SearchHit[];
    systemPrompt?: string;
    examples?: { question: string; answer: string }[];
    formatInstruction?: string;
    jsonSchema?: { name: string; schema: Record<string, unknown> };
    signal?: AbortSignal;
  }): Promise<{
    text: string;
    citations: { marker: number; chunkId: string }[];
    invalidMarkers: number[];
    passages: { marker: number; chunk: { id: string; documentId: string; text: string } }[];
    usage: { promptTokens: number; completionTokens: number };
    cached: boolean;
    extractive: boolean;
  }>;
  check(options: {
    testCase: TestCase;
    answer: string;
    citations: { marker: number; chunkId: string; valid: boolean }[];
    context: { marker: number; text: string }[];
    retrievedDocumentIds?: string[];
    k: number;
    signal?: AbortSignal;
  }): Promise<CheckResult[]>;
  costOf(model: LanguageModel, usage: { promptTokens: number; completionTokens: number }): number;
  /** The long-context variant's passages: the reader's whole documents that fit the model's window (pack-long-context.ts). */
  longContext?(options: {
    question: string;
    reader: Reader;
    model: LanguageModel;
    signal?: AbortSignal;
  }): Promise<LongContext>;
}

export interface RunEvalOptions {
  runId: string;
  /** `.knowhow/runs/<run-id>` (see run-folder.ts for what lives there). */
  directory: string;
  cases: TestCase[];
  examples: FewShotExample[];
  variants: VariantName[];
  base: LanguageModel;
  tuned?: LanguageModel;
  environment: EvalEnvironment;
  k: number;
  fewShot: number;
  concurrency: number;
  systemPrompt?: string;
  /** Re-run rows that failed with a model error instead of keeping them. */
  retryErrors?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface SkippedVariant {
  variant: VariantName;
  reason: string;
}

export interface EvalRunResult {
  runId: string;
  directory: string;
  rows: EvalRow[];
  skippedVariants: SkippedVariant[];
  resumedRows: number;
  newRows: number;
  frameworkSeconds: number;
  seconds: number;
}

/**
 * Whether an answer passes: content and format must not fail. Grounding and retrieval are
 * diagnostics (they explain *why*), not the user-visible outcome.
 */
export function rowPasses(verdicts: Record<CheckKind, 'pass' | 'fail' | 'skipped'>): boolean {
  return (
    verdicts.content !== 'fail' &&
    verdicts.format !== 'fail' &&
    (verdicts.content === 'pass' || verdicts.format === 'pass')
  );
}

function pickExamples(
  examples: FewShotExample[],
  testCase: TestCase,
  count: number,
): { question: string; answer: string }[] {
  if (count === 0) return [];
  // Same-tag examples first: the closest demonstrations of the expected behaviour.
  const tagged = examples.filter((example) => example.tags.some((tag) => testCase.tags.includes(tag)));
  const rest = examples.filter((example) => !tagged.includes(example));
  return [...tagged, ...rest]
    .filter((example) => example.question.trim().toLowerCase() !== testCase.question.trim().toLowerCase())
    .slice(0, count)
    .map((example) => ({ question: example.question, answer: example.answer }));
}

/** Runs cases × variants; every finished row is appended at once so that a killed run resumes. */
export async function runEval(options: RunEvalOptions): Promise<EvalRunResult> {
  const started = performance.now();
  await mkdir(options.directory, { recursive: true });
  const rowsFile = path.join(options.directory, runFiles.rows);
  const previous = await readRows(options.directory);
  const done = new Map<string, EvalRow>();
  for (const row of previous) {
    if (options.retryErrors && row.error) continue;
    done.set(`${row.caseId}\u0000${row.variant}`, row);
  }
  // Rewrite the file so that torn lines and retried errors are gone before appending.
  await writeFile(rowsFile, [...done.values()].map((row) => `${JSON.stringify(redactDeep(row))}\n`).join(''));

  const skippedVariants: SkippedVariant[] = [];
  const variants = options.variants.filter((variant) => {
    if ((variant === 'tuned' || variant === 'hybrid') && !options.tuned) {
      skippedVariants.push({
        variant,
        reason:
          'no tuned model: register one with `knowhow tune register` (`knowhow models` lists them) or set models.tuned in knowhow.yaml',
      });
      return false;
    }
    if (variant === 'long-context' && !options.environment.longContext) {
      skippedVariants.push({ variant, reason: 'this run cannot read whole documents from the index' });
      return false;
    }
    if (variant === 'few-shot' && options.examples.length === 0) {
      skippedVariants.push({
        variant,
        reason: 'no few-shot examples: set eval.examples or add cases with split: train',
      });
      return false;
    }
    return true;
  });
  const evalCases = options.cases.filter((testCase) => testCase.split === 'eval');
  const tasks: { testCase: TestCase; variant: VariantName }[] = [];
  for (const testCase of evalCases) {
    for (const variant of variants) {
      if (!done.has(`${testCase.id}\u0000${variant}`)) tasks.push({ testCase, variant });
    }
  }
  const progress = options.progress ?? silentProgress;
  progress.setTotal(tasks.length);
  const rows: EvalRow[] = [...done.values()];
  let modelSeconds = 0;
  let next = 0;
  let writeChain: Promise<void> = Promise.resolve();

  const worker = async () => {
    while (next < tasks.length) {
      options.signal?.throwIfAborted();
      const task = tasks[next++]!;
      const result = await runRow(task.testCase, task.variant, options);
      // Rows reach rows.jsonl, reports, the API and the dashboard: no secret past this point.
      const row = redactDeep(result.row);
      modelSeconds += result.modelMs / 1000;
      rows.push(row);
      writeChain = writeChain.then(() => appendFile(rowsFile, `${JSON.stringify(row)}\n`));
      await writeChain;
      progress.tick(1);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, tasks.length)) }, worker));
  await writeChain;
  progress.done();

  const order = new Map(evalCases.map((testCase, i) => [testCase.id, i]));
  const variantOrder = new Map(options.variants.map((variant, i) => [variant, i]));
  rows.sort(
    (a, b) =>
      (order.get(a.caseId) ?? 0) - (order.get(b.caseId) ?? 0) ||
      (variantOrder.get(a.variant) ?? 0) - (variantOrder.get(b.variant) ?? 0),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    runId: options.runId,
    directory: options.directory,
    rows,
    skippedVariants,
    resumedRows: done.size,
    newRows: tasks.length,
    seconds,
    // Time not spent waiting for models (with concurrency this is an upper bound on overhead).
    frameworkSeconds: Math.max(
      0,
      seconds - modelSeconds / Math.max(1, Math.min(options.concurrency, tasks.length || 1)),
    ),
  };
}

function unanswerableRow(
  base: Omit<EvalRow, 'answer' | 'checks' | 'verdicts' | 'passed' | 'usage' | 'latencyMs' | 'costUsd'>,
  testCase: TestCase,
  restricted: GoldPassages['restricted'],
  latencyMs: number,
): EvalRow {
  return {
    ...base,
    answer: '',
    checks: [],
    verdicts: { content: 'skipped', format: 'skipped', grounding: 'skipped', retrieval: 'skipped' },
    passed: false,
    usage: { promptTokens: 0, completionTokens: 0 },
    latencyMs,
    costUsd: 0,
    unanswerable: { reader: [...testCase.user.groups], sources: restricted },
  };
}

async function runRow(
  testCase: TestCase,
  variant: VariantName,
  options: RunEvalOptions,
): Promise<{ row: EvalRow; modelMs: number }> {
  const environment = options.environment;
  const model = variant === 'tuned' || variant === 'hybrid' ? options.tuned! : options.base;
  const reader: Reader = { kind: 'groups', groups: testCase.user.groups };
  const startedAt = new Date().toISOString();
  const base: Omit<EvalRow, 'answer' | 'checks' | 'verdicts' | 'passed' | 'usage' | 'latencyMs' | 'costUsd'> =
    {
      runId: options.runId,
      caseId: testCase.id,
      variant,
      model: `${model.provider}:${model.modelId}`,
      question: testCase.question,
      retrievedIds: [],
      contextIds: [],
      citations: [],
      cached: false,
      extractive: model.capabilities.extractive,
      startedAt,
    };
  let retrievedIds: string[] = [];
  let hits: SearchHit[] | undefined;
  let retrievedDocumentIds: string[] | undefined;
  const started = performance.now();
  let modelMs = 0;
  try {
    if (variant === 'rag' || variant === 'hybrid') {
      hits = await environment.retrieve(testCase.question, reader, options.signal);
      retrievedIds = hits.map((hit) => hit.chunk.id);
      retrievedDocumentIds = uniqueInOrder(hits.map((hit) => hit.chunk.documentId));
    } else if (variant === 'long-context' && environment.longContext) {
      const packed = await environment.longContext({
        question: testCase.question,
        reader,
        model,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      hits = packed.hits;
    } else if (variant === 'oracle') {
      const gold =
        testCase.sources.length > 0
          ? await environment.goldPassages({
              question: testCase.question,
              sources: testCase.sources,
              reader,
              ...(options.signal ? { signal: options.signal } : {}),
            })
          : { hits: [], restricted: [] };
      if (gold.restricted.length > 0) {
        // Answering from documents this reader may not read would prove nothing about the case.
        return {
          modelMs: 0,
          row: unanswerableRow(base, testCase, gold.restricted, performance.now() - started),
        };
      }
      hits = gold.hits;
      if (testCase.sources.length > 0 && hits.length === 0) {
        // Without its gold passages the oracle proves nothing: a failure here is not a reasoning gap.
        throw new KnowhowError(
          'INPUT_NOT_FOUND',
          `None of the sources of case "${testCase.id}" is in the index: ${testCase.sources.join(', ')}.`,
          {
            hint: 'Ingest those documents, or correct `sources` to document ids as `knowhow search` shows them.',
          },
        );
      }
      retrievedIds = hits.map((hit) => hit.chunk.id);
    }
    const formatInstruction = formatInstructionFor(testCase.format, { hasContext: (hits?.length ?? 0) > 0 });
    const modelStarted = performance.now();
    const answer = await environment.answer({
      model,
      question: testCase.question,
      ...(hits ? { hits } : {}),
      ...(options.systemPrompt ? { systemPrompt: options.systemPrompt } : {}),
      ...(variant === 'few-shot'
        ? { examples: pickExamples(options.examples, testCase, options.fewShot) }
        : {}),
      ...(formatInstruction ? { formatInstruction } : {}),
      ...(testCase.format.jsonSchema && model.capabilities.jsonSchema
        ? { jsonSchema: { name: 'answer', schema: testCase.format.jsonSchema } }
        : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    modelMs = performance.now() - modelStarted;
    const latencyMs = performance.now() - started;
    const validMarkers = new Set(answer.citations.map((citation) => citation.marker));
    const citations = [
      ...answer.citations.map((citation) => ({
        marker: citation.marker,
        chunkId: citation.chunkId,
        valid: true,
      })),
      ...answer.invalidMarkers
        .filter((marker) => !validMarkers.has(marker))
        .map((marker) => ({ marker, chunkId: '', valid: false })),
    ];
    const checks = await environment.check({
      testCase,
      answer: answer.text,
      citations,
      context: answer.passages.map((passage) => ({ marker: passage.marker, text: passage.chunk.text })),
      ...(retrievedDocumentIds ? { retrievedDocumentIds } : {}),
      k: options.k,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const verdicts = summarizeVerdicts(checks);
    return {
      modelMs,
      row: {
        ...base,
        answer: answer.text,
        checks,
        verdicts,
        passed: rowPasses(verdicts),
        retrievedIds,
        contextIds: answer.passages.map((passage) => passage.chunk.id),
        citations,
        usage: answer.usage,
        latencyMs,
        costUsd: environment.costOf(model, answer.usage),
        cached: answer.cached,
        extractive: answer.extractive,
      },
    };
  } catch (error) {
    const known = toKnowhowError(error);
    if (known.code === 'CANCELLED') throw known;
    return {
      modelMs: performance.now() - started,
      row: {
        ...base,
        retrievedIds,
        answer: '',
        error: { code: known.code, message: known.hint ? `${known.message} ${known.hint}` : known.message },
        checks: [],
        verdicts: { content: 'fail', format: 'skipped', grounding: 'skipped', retrieval: 'skipped' },
        passed: false,
        usage: { promptTokens: 0, completionTokens: 0 },
        latencyMs: performance.now() - started,
        costUsd: 0,
      },
    };
  }
}
