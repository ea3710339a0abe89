import type { TestCase } from '../../core/case-types.js';
import type { CheckResult } from '../../core/eval-types.js';
import type { LanguageModel } from '../../providers/spec.js';
import {
  checkAgainstReference,
  checkFacts,
  defaultF1Threshold,
  judgeCorrectness,
  letJudgeDecide,
} from './content-checks.js';
import { checkFormat, judgeStyle } from './format-checks.js';
import {
  checkGrounding,
  defaultMinSupportedShare,
  defaultSupportThreshold,
  type GroundingPassage,
} from './grounding-checks.js';
import { checkMustNotContain } from './must-not-contain.js';
import type { AnswerCitation } from './resolve-citations.js';
import { checkRetrieval, defaultMinRecall } from './retrieval-checks.js';

/**
 * Every check for one answer, in a fixed order (content, format, grounding, retrieval). Pure but
 * for the judge calls; judge failures come back as `skipped` results with the reason, and only
 * cancellation (the signal) escapes as an error.
 */

/** knowhow.yaml's `eval.thresholds`, every one filled in: what a run records as the marks it used. */
export interface CheckThresholds {
  /** Token F1 at or above which the reference comparison passes (when no facts are listed). */
  f1: number;
  /** Content-word overlap at or above which a passage supports a sentence. */
  support: number;
  /** Share of cited sentences that must be supported. */
  supportedShare: number;
  /** recall@k at or above which retrieval passes. */
  recall: number;
}

/** Thresholds as knowhow.yaml gives them: any may be left out. */
export type GivenThresholds = { [Name in keyof CheckThresholds]?: number | undefined };

/** The thresholds given, each one left out at the default of the check that uses it. */
export function resolveCheckThresholds(given: GivenThresholds = {}): CheckThresholds {
  return {
    f1: given.f1 ?? defaultF1Threshold,
    support: given.support ?? defaultSupportThreshold,
    supportedShare: given.supportedShare ?? defaultMinSupportedShare,
    recall: given.recall ?? defaultMinRecall,
  };
}

export interface RunChecksOptions {
  testCase: TestCase;
  answer: string;
  citations: readonly AnswerCitation[];
  /** Passages given to the model (empty for variants without context). */
  context: readonly GroundingPassage[];
  /** Ranked, document-level ids; omit when the variant did no retrieval. */
  retrievedDocumentIds?: readonly string[];
  k: number;
  judge?: LanguageModel;
  signal?: AbortSignal;
  thresholds?: GivenThresholds;
}

export async function runChecks(options: RunChecksOptions): Promise<CheckResult[]> {
  const { testCase, answer, judge } = options;
  const thresholds = resolveCheckThresholds(options.thresholds);
  const signal = options.signal ? { signal: options.signal } : {};
  const contextMarkers = new Set(options.context.map((passage) => passage.marker));

  const content: CheckResult[] = [
    checkFacts(answer, testCase.facts),
    // Only where the case lists entries: a skipped row on every other case would say nothing.
    ...(testCase.mustNotContain?.length ? [checkMustNotContain(answer, testCase.mustNotContain)] : []),
    ...checkAgainstReference({
      answer,
      reference: testCase.answer,
      factsDecide: testCase.facts.length > 0,
      f1Threshold: thresholds.f1,
    }),
  ];
  const judgeReference =
    testCase.answer ??
    (testCase.facts.length > 0 ? `The answer must state: ${testCase.facts.join('; ')}` : undefined);

  const [judged, style, grounding] = await Promise.all([
    judge && judgeReference !== undefined
      ? judgeCorrectness({ judge, question: testCase.question, reference: judgeReference, answer, ...signal })
      : Promise.resolve(undefined),
    testCase.format.style === undefined
      ? Promise.resolve(undefined)
      : judgeStyle({ judge, rubric: testCase.format.style, question: testCase.question, answer, ...signal }),
    checkGrounding({
      answer,
      citations: options.citations,
      context: options.context,
      question: testCase.question,
      ...(testCase.format.cite === undefined ? {} : { cite: testCase.format.cite }),
      ...(judge ? { judge } : {}),
      supportThreshold: thresholds.support,
      minSupportedShare: thresholds.supportedShare,
      ...signal,
    }),
  ]);
  const decided = judged ? [...letJudgeDecide(content, judged), judged] : content;

  const format = checkFormat({
    answer,
    format: testCase.format,
    citations: options.citations,
    contextMarkers,
  });
  if (style) format.push(style);

  const retrieval = checkRetrieval({
    sources: testCase.sources,
    retrievedDocumentIds: options.retrievedDocumentIds,
    k: options.k,
    minRecall: thresholds.recall,
  });
  return [...decided, ...format, ...grounding, ...retrieval];
}

/** One line for a report: the marks a run's checks used, and who decides content. */
export function describeCheckRules(thresholds: CheckThresholds, judge: string | null): string {
  const content = judge
    ? `the judge ${judge} decides content (facts and token F1 are informational)`
    : `facts decide content, else token F1 ≥ ${thresholds.f1}`;
  return `Checks: ${content}; a passage supports a cited sentence at ≥ ${thresholds.support} content-word overlap${
    judge ? ' when the judge gives no verdict' : ''
  }, and ${thresholds.supportedShare * 100}% of cited sentences must be supported; retrieval passes at recall@k ≥ ${thresholds.recall}. Set them in eval.thresholds.`;
}
