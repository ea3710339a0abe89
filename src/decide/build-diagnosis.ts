import type { ConstraintsConfig, PricesConfig } from '../core/config/schema.js';
import type { EvalRow } from '../core/eval-types.js';
import type { TunedFrom } from '../core/price-lookup.js';
import {
  type Attribution,
  type AttributionSummary,
  attributeRun,
  summarizeAttributions,
} from './attribute-failures.js';
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
}

/** Everything `diagnose` concludes from one run; the report, the dashboard and --json all show this. */
export interface Diagnosis {
  attributions: Attribution[];
  attributionSummary: AttributionSummary;
  variants: VariantSummary[];
  costs: CostProjection;
  recommendation: Recommendation;
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
  const recommendation = recommend({
    constraints: input.constraints,
    failureMode: 'unknown',
    measured: { attribution: attributionSummary, variants, costs },
  });
  return { attributions, attributionSummary, variants, costs, recommendation };
}
