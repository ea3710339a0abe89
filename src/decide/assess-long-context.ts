import type { PricesConfig } from '../core/config/schema.js';
import { defaultPrices } from '../core/default-prices.js';
import { lookUpPrice } from '../core/price-lookup.js';
import { formatCount, formatDecimal } from '../core/text/format-number.js';
import { type ContextBudget, describeContextBudget } from './context-budget.js';
import { type CostProjection, DAYS_PER_MONTH } from './cost-model.js';
import { decisionWeights as W } from './decision-weights.js';
import type { VariantSummary } from './summarize-variants.js';

/**
 * recommended: the gold sources fit, and long-context measured as well as rag at a lower or
 * comparable cost; possible: it fits, but was not compared with rag (or the matrix does not
 * recommend RAG); worse: it fits but passes less or costs more than rag; does-not-fit: the gold
 * sources of the p95 case exceed the window, so it is never recommended.
 */
export type LongContextVerdict = 'recommended' | 'possible' | 'worse' | 'does-not-fit';

export interface LongContextAssessment {
  verdict: LongContextVerdict;
  budget: ContextBudget;
  /** measured: the long-context variant ran; estimated: priced from the window it would fill. */
  costBasis: 'measured' | 'estimated' | 'missing';
  perQueryUsd: number | null;
  monthlyUsd: number | null;
  passRate: number | null;
  ragPassRate: number | null;
  ragMonthlyUsd: number | null;
  /** "gold sources need 38k tokens at p95 …; the model takes 128k" */
  budgetLine: string;
  /** The verdict in a sentence, with its numbers. */
  statement: string;
}

export interface AssessLongContextInput {
  budget: ContextBudget | null;
  variants: readonly VariantSummary[];
  costs: CostProjection;
  prices: PricesConfig;
  queriesPerDay: number;
}

/** Whether "just put the documents in the prompt" can replace retrieval, from the budget, the rows and the prices. */
export function assessLongContext(input: AssessLongContextInput): LongContextAssessment | null {
  const { budget } = input;
  if (!budget) return null;
  const budgetLine = describeContextBudget(budget);
  const base = { budget, budgetLine };
  const rag = input.variants.find((summary) => summary.variant === 'rag');
  const ragCost = input.costs.architectures.rag;
  const ragMonthlyUsd = ragCost.basis !== 'missing' && ragCost.complete ? ragCost.monthly.total : null;
  const ragPassRate = rag ? rag.passRate : null;
  if (!budget.fitsAtP95) {
    return {
      ...base,
      verdict: 'does-not-fit',
      costBasis: 'missing',
      perQueryUsd: null,
      monthlyUsd: null,
      passRate: null,
      ragPassRate,
      ragMonthlyUsd,
      statement: `Long context does not fit: ${budget.cases - budget.casesFitting} of ${budget.cases} cases need more than the ${formatCount(budget.usableTokens)} tokens the window leaves for documents; retrieval is needed.`,
    };
  }
  const priced = priceLongContext(input);
  const monthly =
    priced.perQueryUsd === null ? null : priced.perQueryUsd * input.queriesPerDay * DAYS_PER_MONTH;
  const volume = `${formatCount(input.queriesPerDay)} queries/day`;
  const at =
    monthly === null
      ? `at a cost not known (no price for ${priced.model ?? 'the answer model'})`
      : `at ${money(monthly)}/month${priced.basis === 'estimated' ? ' (estimated from the tokens it would fill)' : ''} at your volume (${volume})`;
  const result = {
    ...base,
    costBasis: priced.basis,
    perQueryUsd: priced.perQueryUsd,
    monthlyUsd: monthly,
    passRate: priced.summary?.passRate ?? null,
    ragPassRate,
    ragMonthlyUsd,
  };
  const measured = priced.summary;
  if (!measured || !rag) {
    return {
      ...result,
      verdict: 'possible',
      statement: `Long context is possible ${at}; ${
        measured ? 'run the rag variant beside it' : 'run the long-context variant'
      } to compare it with RAG.`,
    };
  }
  const passes = `long-context passes ${percent(measured.passRate)} (${measured.passed}/${measured.cases}) vs rag ${percent(rag.passRate)} (${rag.passed}/${rag.cases})`;
  const asGood = measured.passRate >= rag.passRate - W.longContextPassMargin;
  const affordable =
    monthly !== null && ragMonthlyUsd !== null && monthly <= ragMonthlyUsd * W.longContextCostRatio;
  const costs =
    monthly === null || ragMonthlyUsd === null
      ? 'costs not compared (a price is missing)'
      : `${money(monthly)} vs rag ${money(ragMonthlyUsd)} a month`;
  if (asGood && (monthly === null || ragMonthlyUsd === null)) {
    return {
      ...result,
      verdict: 'possible',
      statement: `Long context is possible ${at} and measures as well as RAG (${passes}), but the costs were not compared (a price is missing).`,
    };
  }
  if (asGood && affordable) {
    return {
      ...result,
      verdict: 'recommended',
      statement: `Long context is possible ${at} and measures as well as RAG: ${passes}, ${costs}; it needs no retrieval to tune.`,
    };
  }
  return {
    ...result,
    verdict: 'worse',
    statement: `Long context is possible ${at}, but ${asGood ? 'costs more than RAG' : 'measures worse than RAG'}: ${passes}, ${costs}.`,
  };
}

interface PricedLongContext {
  basis: 'measured' | 'estimated' | 'missing';
  perQueryUsd: number | null;
  model: string | null;
  summary: VariantSummary | undefined;
}

/**
 * Priced like the cost model prices an architecture (mean tokens × the price table), so the two
 * monthly figures compare. Not run: the window it would fill (the whole corpus when it fits, else
 * the usable window) on top of the plain prompt's tokens.
 */
function priceLongContext(input: AssessLongContextInput): PricedLongContext {
  const summary = input.variants.find((entry) => entry.variant === 'long-context');
  const prompt = input.variants.find((entry) => entry.variant === 'prompt') ?? input.variants[0];
  const model = summary?.model ?? prompt?.model ?? null;
  if (!model) return { basis: 'missing', perQueryUsd: null, model, summary };
  const match = lookUpPrice(model, { config: input.prices, builtIn: defaultPrices });
  if (!match) return { basis: summary ? 'measured' : 'estimated', perQueryUsd: null, model, summary };
  const { budget } = input;
  const filled = Math.min(budget?.corpusTokens ?? budget?.p95Tokens ?? 0, budget?.usableTokens ?? 0);
  const promptTokens = summary ? summary.meanPromptTokens : filled + (prompt?.meanPromptTokens ?? 0);
  const completionTokens = summary ? summary.meanCompletionTokens : (prompt?.meanCompletionTokens ?? 0);
  const perQueryUsd =
    (promptTokens * match.price.inputPerMillion + completionTokens * match.price.outputPerMillion) / 1e6;
  return { basis: summary ? 'measured' : 'estimated', perQueryUsd, model, summary };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function money(value: number): string {
  return `$${formatDecimal(value, 2)}`;
}
