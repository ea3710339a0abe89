/**
 * A miniature eval with scripted models whose gaps are known in advance (the planted suite).
 * Each model writes an answer from what its variant gives it (gold document, retrieved
 * documents, examples, tuning); a small checker judges it the way the eval stage does:
 * content = the fact is stated, format = `Answer: … .`, retrieval = the gold source was
 * retrieved. Verdicts therefore come from behaviour, never from hand-set flags.
 */
import { variantNames } from '../../core/config/schema.js';
import type { CheckResult, EvalRow, VariantName } from '../../core/eval-types.js';

export interface PlantedCase {
  id: string;
  question: string;
  fact: string;
  source: string;
}

export interface ScriptedContext {
  variant: VariantName;
  question: string;
  /** Text of the documents placed in the prompt. */
  documents: string[];
  sawExamples: boolean;
  tuned: boolean;
  planted: PlantedCase;
}

/** Returns the answer text, or throws to simulate a failed model call. */
export type ScriptedModel = (context: ScriptedContext) => string;

/** The planted scenarios predate the long-context variant (issue 15); they script the others. */
type ScriptedVariant = Exclude<VariantName, 'long-context'>;
const allVariants: readonly ScriptedVariant[] = variantNames.filter(
  (variant): variant is ScriptedVariant => variant !== 'long-context',
);

export const documentText = (planted: PlantedCase) => `${planted.source}: the answer is ${planted.fact}.`;

const statesFactFromDocuments = (context: ScriptedContext) =>
  context.documents.some((document) => document.includes(context.planted.fact));

/** Knows nothing, formats perfectly: repeats a fact only when a document in context holds it. */
export const knowsNothingFormatsPerfectly: ScriptedModel = (context) =>
  statesFactFromDocuments(context) ? `Answer: ${context.planted.fact}.` : 'Answer: I do not know.';

/** Knows everything, ignores formats (until tuned, which is what fine-tuning teaches). */
export const knowsEverythingIgnoresFormats: ScriptedModel = (context) =>
  context.tuned ? `Answer: ${context.planted.fact}.` : `well, it is ${context.planted.fact}, I think`;

/** Knows nothing and ignores formats: both gaps. */
export const knowsNothingIgnoresFormats: ScriptedModel = (context) =>
  statesFactFromDocuments(context) ? `it says ${context.planted.fact}` : 'no idea';

/** Knows the facts and formats: nothing to fix. */
export const knowsEverythingFormatsPerfectly: ScriptedModel = (context) => `Answer: ${context.planted.fact}.`;

/** Knows the facts; formats only after seeing worked examples. */
export const formatsOnlyWithExamples: ScriptedModel = (context) =>
  context.sawExamples ? `Answer: ${context.planted.fact}.` : context.planted.fact;

/** Formats well but never states the fact, not even when the gold document is in context. */
export const cannotUseFacts: ScriptedModel = () => 'Answer: it depends on several factors.';

/**
 * What the extractive answerer does: quotes the passage that holds the fact, knows nothing
 * without context and follows no format. `needsWriting` cases hold their answer in no single
 * quotable sentence, so even the gold document does not make it state the fact.
 */
export function quotesPassages(needsWriting: ReadonlySet<string> = new Set()): ScriptedModel {
  return (context) =>
    !needsWriting.has(context.planted.id) && statesFactFromDocuments(context)
      ? `${context.planted.source} says ${context.planted.fact}`
      : 'No passage answers this.';
}

/** Every call fails. */
export const alwaysErrors: ScriptedModel = () => {
  throw new Error('connection refused');
};

export interface ScriptedRunOptions {
  model: ScriptedModel;
  cases: readonly PlantedCase[];
  variants?: readonly VariantName[];
  /** Case ids for which retrieval misses the gold source (retrieves an unrelated document). */
  retrievalMisses?: ReadonlySet<string>;
  /** Per-variant overrides: a different model for some variants (e.g. errors under prompt only). */
  overrides?: Partial<Record<VariantName, ScriptedModel>>;
  runId?: string;
  modelId?: string;
  /** Latency per variant in ms (retrieval adds time). */
  latencyMs?: Partial<Record<VariantName, number>>;
  /** The answer model cannot synthesise (its capability flag): every row says `extractive`. */
  extractive?: boolean;
}

const defaultLatency: Record<VariantName, number> = {
  prompt: 300,
  'few-shot': 320,
  rag: 450,
  oracle: 420,
  tuned: 250,
  hybrid: 400,
  'long-context': 1500,
};

export function runScriptedEval(options: ScriptedRunOptions): EvalRow[] {
  const variants = options.variants ?? allVariants;
  const rows: EvalRow[] = [];
  for (const planted of options.cases) {
    for (const variant of variants) {
      const documents = documentsFor(variant, planted, options.retrievalMisses);
      const model = options.overrides?.[variant] ?? options.model;
      const context: ScriptedContext = {
        variant,
        question: planted.question,
        documents: documents.map((document) => document.text),
        sawExamples: variant === 'few-shot',
        tuned: variant === 'tuned' || variant === 'hybrid',
        planted,
      };
      let answer = '';
      let error: EvalRow['error'];
      try {
        answer = model(context);
      } catch (thrown) {
        error = { code: 'PROVIDER_UNAVAILABLE', message: (thrown as Error).message };
      }
      rows.push(
        buildRow({
          runId: options.runId ?? 'planted',
          modelId: options.modelId ?? 'openai-compatible:gpt-4o-mini',
          planted,
          variant,
          answer,
          error,
          retrievedIds: variant === 'rag' || variant === 'hybrid' ? documents.map((document) => document.id) : [],
          latencyMs: options.latencyMs?.[variant] ?? defaultLatency[variant],
          extractive: options.extractive ?? false,
        }),
      );
    }
  }
  return rows;
}

function documentsFor(
  variant: VariantName,
  planted: PlantedCase,
  misses: ReadonlySet<string> | undefined,
): { id: string; text: string }[] {
  if (variant === 'oracle') return [{ id: planted.source, text: documentText(planted) }];
  if (variant !== 'rag' && variant !== 'hybrid') return [];
  if (misses?.has(planted.id)) return [{ id: 'unrelated.md', text: 'unrelated.md: nothing useful here.' }];
  return [{ id: planted.source, text: documentText(planted) }];
}

interface BuildRowInput {
  runId: string;
  modelId: string;
  planted: PlantedCase;
  variant: VariantName;
  answer: string;
  error: EvalRow['error'];
  retrievedIds: string[];
  latencyMs: number;
  extractive: boolean;
}

function buildRow(input: BuildRowInput): EvalRow {
  const { planted, variant, answer } = input;
  const checks: CheckResult[] = [];
  if (!input.error) {
    const stated = answer.toLowerCase().includes(planted.fact.toLowerCase());
    checks.push({
      name: 'facts',
      kind: 'content',
      verdict: stated ? 'pass' : 'fail',
      score: stated ? 1 : 0,
      reason: stated ? `states "${planted.fact}"` : `missing "${planted.fact}"`,
    });
    const formatted = /^Answer: .+\.$/.test(answer);
    checks.push({
      name: 'regex',
      kind: 'format',
      verdict: formatted ? 'pass' : 'fail',
      reason: formatted ? 'matches ^Answer: .+\\.$' : 'does not match ^Answer: .+\\.$',
    });
    if (variant === 'rag' || variant === 'hybrid') {
      const recall = input.retrievedIds.includes(planted.source) ? 1 : 0;
      checks.push({
        name: 'recall@k',
        kind: 'retrieval',
        verdict: recall === 1 ? 'pass' : 'fail',
        score: recall,
        reason: recall === 1 ? `retrieved ${planted.source}` : `${planted.source} not retrieved`,
      });
    }
  }
  const verdictOf = (kind: CheckResult['kind']) => {
    const ofKind = checks.filter((check) => check.kind === kind);
    if (ofKind.some((check) => check.verdict === 'fail')) return 'fail' as const;
    if (ofKind.some((check) => check.verdict === 'pass')) return 'pass' as const;
    return 'skipped' as const;
  };
  const verdicts = {
    content: verdictOf('content'),
    format: verdictOf('format'),
    grounding: verdictOf('grounding'),
    retrieval: verdictOf('retrieval'),
  };
  const contextTokens = input.retrievedIds.length * 120 + (variant === 'oracle' ? 120 : 0);
  const exampleTokens = variant === 'few-shot' ? 200 : 0;
  return {
    runId: input.runId,
    caseId: planted.id,
    variant,
    model: input.modelId,
    question: planted.question,
    answer,
    ...(input.error ? { error: input.error } : {}),
    checks,
    verdicts,
    // The eval's pass is every check passing; a retrieval miss alone does not fail an answer.
    passed:
      !input.error && checks.filter((check) => check.kind !== 'retrieval').every((check) => check.verdict === 'pass'),
    retrievedIds: input.retrievedIds,
    contextIds: input.retrievedIds,
    citations: [],
    usage: input.error
      ? { promptTokens: 0, completionTokens: 0 }
      : { promptTokens: 50 + exampleTokens + contextTokens, completionTokens: 10 },
    latencyMs: input.latencyMs,
    costUsd: 0,
    cached: false,
    extractive: input.extractive,
    startedAt: '2026-11-22T00:00:00.000Z',
  };
}

export function plantedCases(prefix: string, count: number): PlantedCase[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index + 1}`,
    question: `What is the value of item ${index + 1}?`,
    fact: `value-${prefix}-${index + 1}`,
    source: `docs/${prefix}-${index + 1}.md`,
  }));
}
