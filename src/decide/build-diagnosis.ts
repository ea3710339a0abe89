import type { ConstraintsConfig, PricesConfig } from '../core/config/schema.js';
import type { EvalRow } from '../core/eval-types.js';
import type { TunedFrom } from '../core/price-lookup.js';
import { assessLongContext, type LongContextAssessment } from './assess-long-context.js';
import {
  type Attribution,
  type AttributionSummary,
  attributeRun,
  summarizeAttributions,
} from './attribute-failures.js';
import { type ContextBudget, type GoldSourceTokens, measureContextBudget } from './context-budget.js';
import { type CostProjection, type IndexFacts, projectCosts, type TuningFacts } from './cost-model.js';
import { type Recommendation, recommend } from './decision-matrix.js';
import { summarizeVariants, type VariantSummary } from './summarize-variants.js';

export interface BuildDiagnosisInput {
  rows: readonly EvalRow[];
  constraints: ConstraintsConfig;
  prices: PricesConfig;
  index?: IndexFacts;
  tuning?: TuningFacts;
  /** Which engine tuned the tuned model, from which base (prices a fine-tune the tables do not name). */
  tunedFrom?: TunedFrom;
  /** Tokens of each case's gold sources, the answer model's window and the corpus size: the context budget. */
  context?: { cases: readonly GoldSourceTokens[]; contextWindow: number | undefined; corpusTokens?: number };
}

/** Everything `diagnose` concludes from one run; the report, the dashboard and --json all show this. */
export interface Diagnosis {
  attributions: Attribution[];
  attributionSummary: AttributionSummary;
  variants: VariantSummary[];
  costs: CostProjection;
  recommendation: Recommendation;
  /** Gold sources against the answer model's window; null when no case names an indexed source. */
  contextBudget: ContextBudget | null;
}

/** The diagnosis pipeline in its one order: attribute → summarise → price → recommend. */
export function buildDiagnosis(input: BuildDiagnosisInput): Diagnosis {
  const rows = [...input.rows];
  const attributions = attributeRun(rows);
  const attributionSummary = summarizeAttributions(attributions);
  const variants = summarizeVariants(rows);
  const costs = projectCosts({
    summaries: variants,
    prices: input.prices,
    queriesPerDay: input.constraints.queriesPerDay,
    knowledgeChanges: input.constraints.knowledgeChanges,
    ...(input.index ? { index: input.index } : {}),
    ...(input.tuning ? { tuning: input.tuning } : {}),
    ...(input.tunedFrom ? { tunedFrom: input.tunedFrom } : {}),
    ...(attributionSummary.counts['prompting-fixes'] === 0 ? { promptingVariant: 'prompt' as const } : {}),
  });
  const contextBudget = input.context ? measureContextBudget(input.context) : null;
  const longContext: LongContextAssessment | null = assessLongContext({
    budget: contextBudget,
    variants,
    costs,
    prices: input.prices,
    queriesPerDay: input.constraints.queriesPerDay,
  });
  const recommendation = recommend({
    constraints: input.constraints,
    failureMode: 'unknown',
    measured: { attribution: attributionSummary, variants, costs, longContext },
  });
  return { attributions, attributionSummary, variants, costs, recommendation, contextBudget };
}
