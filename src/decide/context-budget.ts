import { percentile } from './summarize-variants.js';

/**
 * What the long-context variant keeps back from the window for instructions (400) and the answer
 * (512): the same sums as pack-long-context's budget, so "fits" here means the packer places it.
 */
export const LONG_CONTEXT_RESERVED_TOKENS = 912;

/** A model that states no window is budgeted at generateAnswer's 8192, as the long-context packer does. */
export const DEFAULT_CONTEXT_WINDOW = 8192;

export interface GoldSourceTokens {
  caseId: string;
  /** Tokens of the case's gold documents, whole (the chunks' token counts summed). */
  tokens: number;
}

export interface MeasureContextBudgetInput {
  /** One entry per case whose gold sources are in the index. */
  cases: readonly GoldSourceTokens[];
  /** The answer model's context window; undefined when the model states none. */
  contextWindow: number | undefined;
  /** Tokens of every document in the index: the whole corpus fits when this does. */
  corpusTokens?: number;
}

/** The context budget, measured: the gold sources per case against the answer model's window. */
export interface ContextBudget {
  cases: number;
  p50Tokens: number;
  p95Tokens: number;
  maxTokens: number;
  contextWindow: number;
  /** The model states no window: DEFAULT_CONTEXT_WINDOW was assumed. */
  windowAssumed: boolean;
  /** Window less LONG_CONTEXT_RESERVED_TOKENS: what documents may take. */
  usableTokens: number;
  /** Cases whose gold sources fit the usable window. */
  casesFitting: number;
  /** The p95 case's gold sources fit: long context can hold what 95% of the questions need. */
  fitsAtP95: boolean;
  corpusTokens: number | null;
  corpusFits: boolean | null;
}

/** Null when no case names a gold source the index holds (nothing to measure). */
export function measureContextBudget(input: MeasureContextBudgetInput): ContextBudget | null {
  if (input.cases.length === 0) return null;
  const tokens = input.cases.map((entry) => entry.tokens);
  const contextWindow = input.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  const usableTokens = Math.max(0, contextWindow - LONG_CONTEXT_RESERVED_TOKENS);
  const p95Tokens = percentile(tokens, 95);
  const corpusTokens = input.corpusTokens ?? null;
  return {
    cases: tokens.length,
    p50Tokens: percentile(tokens, 50),
    p95Tokens,
    maxTokens: Math.max(...tokens),
    contextWindow,
    windowAssumed: input.contextWindow === undefined,
    usableTokens,
    casesFitting: tokens.filter((count) => count <= usableTokens).length,
    fitsAtP95: p95Tokens <= usableTokens,
    corpusTokens,
    corpusFits: corpusTokens === null ? null : corpusTokens <= usableTokens,
  };
}

/** "gold sources need 38k tokens at p95 (12k at p50); the model takes 128k" */
export function describeContextBudget(budget: ContextBudget): string {
  const window = `${formatTokens(budget.contextWindow)}${budget.windowAssumed ? ' (assumed: the model states no window)' : ''}`;
  const corpus =
    budget.corpusTokens === null
      ? ''
      : `; the whole corpus is ${formatTokens(budget.corpusTokens)}${budget.corpusFits ? ', and fits' : ', more than the window holds (long-context then takes the ranked documents)'}`;
  return `gold sources need ${formatTokens(budget.p95Tokens)} tokens at p95 (${formatTokens(budget.p50Tokens)} at p50, over ${budget.cases} cases); the model takes ${window}${corpus}`;
}

/** 38000 → "38k", 1250 → "1.3k", 900 → "900". */
export function formatTokens(tokens: number): string {
  if (tokens < 1000) return String(Math.round(tokens));
  const thousands = tokens / 1000;
  return `${thousands < 10 ? Math.round(thousands * 10) / 10 : Math.round(thousands)}k`;
}
