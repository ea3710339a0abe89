/**
 * eval — runs test cases through the variants (prompt, few-shot, rag, oracle, tuned, hybrid),
 * checks every answer (content, format, grounding, retrieval) and writes one row per case and
 * variant into a run folder (run-folder.ts is that folder's only reader and writer of record).
 * Retrieval, answering and judging are injected (EvalEnvironment); this stage picks no provider,
 * opens no index, and never stops a run for one failed model call.
 * Entry file: other folders import eval through here.
 */
export {
  type CaseProblem,
  formatCaseProblem,
  formatCaseProblems,
  refuseBlockingProblems,
} from './case-problem.js';
export { checkCaseSources } from './check-case-sources.js';
export {
  describeCheckRules,
  type RunChecksOptions,
  resolveCheckThresholds,
  runChecks,
} from './checks/run-checks.js';
export { failedVariantLines, findFailedVariants } from './find-failed-variants.js';
export { formatInstructionFor } from './format-instruction.js';
export {
  type DraftCounts,
  type LoadCasesOptions,
  type LoadCasesResult,
  loadCases,
  parseCases,
} from './load-cases.js';
export {
  examplesFromTrainingCases,
  type LoadExamplesOptions,
  type LoadExamplesResult,
  loadExamples,
  parseExamples,
} from './load-examples.js';
export {
  type AssembleLongContextOptions,
  assembleLongContext,
  LONG_CONTEXT_RANKED_HITS,
  type LongContext,
  longContextBudget,
  packLongContext,
} from './pack-long-context.js';
export { readGoldPassages } from './read-gold-passages.js';
export { ndcgAtK, type Relevance, recallAtK, reciprocalRankAtK, uniqueInOrder } from './retrieval-metrics.js';
export {
  type EvalEnvironment,
  type EvalRunResult,
  type RunEvalOptions,
  rowPasses,
  runEval,
  type SkippedVariant,
} from './run-eval.js';
export {
  createRunFolders,
  isRunId,
  newRunId,
  parseRows,
  type RunFolders,
  type RunMeta,
  readRows,
  runFiles,
} from './run-folder.js';
