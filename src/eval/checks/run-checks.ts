import type { TestCase } from '../../core/case-types.js';
import type { CheckResult } from '../../core/eval-types.js';
import type { LanguageModel } from '../../providers/spec.js';
import { checkAgainstReference, checkFacts, judgeCorrectness } from './content-checks.js';
import { checkFormat, judgeStyle } from './format-checks.js';
import { checkGrounding, type GroundingPassage } from './grounding-checks.js';
import { checkMustNotContain } from './must-not-contain.js';
import type { AnswerCitation } from './resolve-citations.js';
import { checkRetrieval } from './retrieval-checks.js';

/**
 * Every check for one answer, in a fixed order (content, format, grounding, retrieval). Pure but
 * for the judge calls; judge failures come back as `skipped` results with the reason, and only
 * cancellation (the signal) escapes as an error.
 */

export interface CheckThresholds {
  /** Token F1 at or above which the reference comparison passes (when no facts are listed). Default 0.5. */
  f1?: number;
  /** Content-word overlap at or above which a passage supports a sentence. Default 0.5. */
  support?: number;
  /** Share of cited sentences that must be supported. Default 1 (all). */
  minSupportedShare?: number;
  /** recall@k at or above which retrieval passes. Default 0.5. */
  minRecall?: number;
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
  thresholds?: CheckThresholds;
}

export async function runChecks(options: RunChecksOptions): Promise<CheckResult[]> {
  const { testCase, answer, judge } = options;
  const thresholds = options.thresholds ?? {};
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
      ...(thresholds.f1 === undefined ? {} : { f1Threshold: thresholds.f1 }),
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
      ...(thresholds.support === undefined ? {} : { supportThreshold: thresholds.support }),
      ...(thresholds.minSupportedShare === undefined
        ? {}
        : { minSupportedShare: thresholds.minSupportedShare }),
      ...signal,
    }),
  ]);
  if (judged) content.push(judged);

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
    ...(thresholds.minRecall === undefined ? {} : { minRecall: thresholds.minRecall }),
  });
  return [...content, ...format, ...grounding, ...retrieval];
}
