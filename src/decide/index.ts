/**
 * decide — turns eval rows into a decision: failure attribution per case (DESIGN.md's rules, each
 * label with the rows behind it), per-variant measurements, the cost and latency projection, and
 * the decision matrix shared by `diagnose` (measured failures) and `advise` (answers to questions).
 *
 * Pure and deterministic: it reads rows, constraints and prices given to it. It must not call a
 * model, read or write files, touch the index, or depend on another stage's internals — only on
 * src/core. Printing, prompting the user and loading rows belong to the CLI and the server.
 */

export { defaultPrices } from '../core/default-prices.js';
export {
  lookUpPrice,
  lookUpTunedPrice,
  type ModelPrice,
  type PriceMatch,
  type TunedFrom,
} from '../core/price-lookup.js';
export {
  type AdviseAnswerId,
  type AdviseAnswerValue,
  type AdviseChoice,
  type AdviseIssue,
  type AdviseQuestion,
  adviseQuestions,
  parseAdviseAnswers,
  parseAnswerText,
} from './advise-questions.js';
export {
  type Architecture,
  architectureLabels,
  architectures,
  architectureVariants,
  type KnowledgeChanges,
  retrainsPerYear,
} from './architecture.js';
export {
  type AssessLongContextInput,
  assessLongContext,
  type LongContextAssessment,
  type LongContextVerdict,
} from './assess-long-context.js';
export {
  type Attribution,
  type AttributionEvidence,
  type AttributionSummary,
  attributeCase,
  attributeRun,
  type GapLabel,
  gapLabelMeanings,
  gapLabels,
  summarizeAttributions,
  type Verdict,
} from './attribute-failures.js';
export { type BuildDiagnosisInput, buildDiagnosis, type Diagnosis } from './build-diagnosis.js';
export { type CaseChange, compareRuns, type RunComparison, type VariantComparison } from './compare-runs.js';
export {
  type ContextBudget,
  DEFAULT_CONTEXT_WINDOW,
  describeContextBudget,
  formatTokens,
  type GoldSourceTokens,
  LONG_CONTEXT_RESERVED_TOKENS,
  type MeasureContextBudgetInput,
  measureContextBudget,
} from './context-budget.js';
export {
  type ArchitectureCost,
  type BreakEven,
  type CostBasis,
  type CostProjection,
  CURVE_POINTS,
  DAYS_PER_MONTH,
  DEFAULT_HYBRID_RETRAINS_PER_YEAR,
  DEFAULT_STORAGE_PER_GB_MONTH,
  findBreakEvens,
  type IndexFacts,
  monthlyAt,
  type ProjectCostsInput,
  projectCosts,
  type TuningFacts,
} from './cost-model.js';
export {
  type DecisionFactor,
  type DecisionInput,
  EXTRACTIVE_RISK,
  type Exclusion,
  type FailureMode,
  failureModes,
  type MeasuredEvidence,
  REAL_MODEL_ADDS,
  REAL_MODEL_STEP,
  type Reason,
  type Recommendation,
  recommend,
} from './decision-matrix.js';
export { decisionWeights, taskTypeWeights, teamSkillWeights } from './decision-weights.js';
export {
  type LatencyStats,
  percentile,
  summarizeVariants,
  type VariantSummary,
} from './summarize-variants.js';
