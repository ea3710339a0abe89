import type { CheckResult } from '../../core/eval-types.js';
import { stripCitationMarkers } from '../../core/text/citation-markers.js';
import type { LanguageModel } from '../../providers/spec.js';
import { containsFact, normalizeForTokens, tokenize } from '../normalize-answer.js';
import { askJudge, judgeLabel } from './ask-judge.js';

/**
 * Content checks: is the answer right?
 *
 * Which check decides (the others are informational, reported as `skipped` with their score):
 * - the case lists facts → `facts` decides (every fact must be present);
 * - else the case has a reference answer → `token-f1` decides against a threshold;
 * - `exact-match` never decides: generated answers are rarely verbatim, and one failing
 *   check fails the whole kind;
 * - `judge-correctness`, when a judge is configured and gives a verdict, decides alone: the
 *   lexical checks above then stay informational (`skipped` with their score), because a
 *   paraphrase the judge calls correct ("a whole month" for "30 days") scores low on overlap.
 *   Without a verdict from the judge the lexical checks decide as before.
 * Citation markers are removed from the answer first: "[1]" is not part of what was said.
 */

/**
 * SQuAD-style F1 punishes verbosity: with the whole reference present (recall 1), F1 ≥ 0.5 holds
 * while the answer is at most 3× the reference's length (precision ≥ 1/3). That is the bar: a
 * complete answer with some context passes, a rambling or partial one does not.
 */
export const defaultF1Threshold = 0.5;

export function checkFacts(answer: string, facts: readonly string[]): CheckResult {
  if (facts.length === 0) {
    return { name: 'facts', kind: 'content', verdict: 'skipped', reason: 'the case lists no facts' };
  }
  const spoken = stripCitationMarkers(answer);
  const missing = facts.filter((fact) => !containsFact(spoken, fact));
  const present = facts.length - missing.length;
  return {
    name: 'facts',
    kind: 'content',
    verdict: missing.length === 0 ? 'pass' : 'fail',
    score: present / facts.length,
    reason:
      `${present}/${facts.length} facts present` +
      (missing.length === 0 ? '' : `; missing: ${missing.map((fact) => JSON.stringify(fact)).join(', ')}`),
  };
}

/** Token-overlap F1 between a prediction and a reference (SQuAD evaluation script). */
export function tokenF1(prediction: string, reference: string): number {
  const predicted = tokenize(prediction);
  const expected = tokenize(reference);
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of expected) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const count = remaining.get(token) ?? 0;
    if (count > 0) {
      common++;
      remaining.set(token, count - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

export function exactMatch(prediction: string, reference: string): boolean {
  return normalizeForTokens(prediction) === normalizeForTokens(reference);
}

export interface ReferenceChecksOptions {
  answer: string;
  /** The case's reference answer; absent → both checks skipped. */
  reference: string | undefined;
  /** True when facts decide the content verdict, which makes F1 informational. */
  factsDecide: boolean;
  f1Threshold?: number;
}

export function checkAgainstReference(options: ReferenceChecksOptions): CheckResult[] {
  if (options.reference === undefined) {
    const reason = 'the case has no reference answer';
    return [
      { name: 'token-f1', kind: 'content', verdict: 'skipped', reason },
      { name: 'exact-match', kind: 'content', verdict: 'skipped', reason },
    ];
  }
  const spoken = stripCitationMarkers(options.answer);
  const threshold = options.f1Threshold ?? defaultF1Threshold;
  const f1 = tokenF1(spoken, options.reference);
  const shownF1 = f1.toFixed(2);
  const f1Result: CheckResult = options.factsDecide
    ? {
        name: 'token-f1',
        kind: 'content',
        verdict: 'skipped',
        score: f1,
        reason: `token F1 ${shownF1} against the reference (informational: the case's facts decide)`,
      }
    : {
        name: 'token-f1',
        kind: 'content',
        verdict: f1 >= threshold ? 'pass' : 'fail',
        score: f1,
        reason: `token F1 ${shownF1} against the reference (threshold ${threshold})`,
      };
  const exact = exactMatch(spoken, options.reference);
  return [
    f1Result,
    {
      name: 'exact-match',
      kind: 'content',
      verdict: 'skipped',
      score: exact ? 1 : 0,
      reason: `${exact ? 'matches' : 'does not match'} the reference exactly after normalisation (informational)`,
    },
  ];
}

export interface JudgeCorrectnessOptions {
  judge: LanguageModel;
  question: string;
  /** The reference answer, or the facts the answer must state. */
  reference: string;
  answer: string;
  signal?: AbortSignal;
}

export async function judgeCorrectness(options: JudgeCorrectnessOptions): Promise<CheckResult> {
  const outcome = await askJudge({
    judge: options.judge,
    system:
      'You grade answers to questions. Decide whether the ANSWER is correct according to the REFERENCE. ' +
      'It is correct when it states what the reference states and contradicts nothing in it; wording, length, ' +
      'extra correct detail and bracketed citation markers such as [1] do not matter.',
    prompt: `QUESTION:\n${options.question}\n\nREFERENCE:\n${options.reference}\n\nANSWER:\n${options.answer}`,
    verdicts: ['correct', 'incorrect'] as const,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!outcome.ok)
    return { name: 'judge-correctness', kind: 'content', verdict: 'skipped', reason: outcome.reason };
  return {
    name: 'judge-correctness',
    kind: 'content',
    verdict: outcome.verdict === 'correct' ? 'pass' : 'fail',
    score: outcome.verdict === 'correct' ? 1 : 0,
    reason: `judge ${judgeLabel(options.judge)}: ${outcome.verdict} — ${outcome.reason}`,
  };
}

/** Checks that measure wording overlap: informational once a judge has given its verdict. */
const lexicalContentChecks: ReadonlySet<string> = new Set(['facts', 'token-f1', 'exact-match']);

/** The content checks with the judge's verdict deciding: lexical pass/fail verdicts become informational. */
export function letJudgeDecide(content: readonly CheckResult[], judged: CheckResult): CheckResult[] {
  if (judged.verdict === 'skipped') return [...content];
  return content.map((check) =>
    lexicalContentChecks.has(check.name) && check.verdict !== 'skipped'
      ? { ...check, verdict: 'skipped', reason: `${check.reason} (informational: the judge decides)` }
      : check,
  );
}
