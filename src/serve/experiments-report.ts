import { percentile } from '../decide/index.js';
import type { Experiment } from './experiments-assign.js';
import type { ExperimentEvent, ExperimentResponseEvent } from './experiments-log.js';
import {
  compareProportions,
  describeProportion,
  type Proportion,
  type ProportionDifference,
} from './experiments-statistics.js';

export interface ArmReport {
  arm: string;
  responses: number;
  users: number;
  /** Rated responses (the last rating of each response counts). */
  rated: number;
  up: number;
  down: number;
  corrections: number;
  /** Thumbs-up share of rated responses, with its Wilson interval. */
  upRate: Proportion;
  citationsValid: Proportion;
  refusals: Proportion;
  meanWords: number | null;
  latencyMs: { p50: number; p95: number } | null;
  meanPromptTokens: number | null;
  meanCompletionTokens: number | null;
}

export interface ArmComparison {
  /** The control: the experiment's first arm. */
  baseline: string;
  arm: string;
  /** Thumbs-up rate of `arm` minus the baseline's, Newcombe interval, z-test. */
  upRate: ProportionDifference | null;
}

export interface ExperimentReport {
  experiment: string;
  level: number;
  arms: ArmReport[];
  comparisons: ArmComparison[];
  /** Feedback that names a response id this experiment never logged is ignored, and counted. */
  unmatchedFeedback: number;
  method: string;
}

export const STATISTICS_METHOD =
  'thumbs-up rate = up / rated responses (the last rating of each response), Wilson score interval; difference of two rates: Newcombe hybrid score interval, two-sided pooled two-proportion z-test; ratings still needed per arm for 80% power at the observed rates (Fleiss, no continuity correction)';

/** Per-arm outcomes and each arm against the first, from the log's events. */
export function buildExperimentReport(
  experiment: Experiment,
  events: readonly ExperimentEvent[],
): ExperimentReport {
  const level = experiment.level;
  const responses = new Map<string, ExperimentResponseEvent>();
  for (const event of events) {
    if (event.type === 'response' && event.experiment === experiment.name)
      responses.set(event.responseId, event);
  }
  const ratings = new Map<string, { rating: 'up' | 'down'; corrected: boolean }>();
  let unmatchedFeedback = 0;
  for (const event of events) {
    if (event.type !== 'feedback' || event.experiment !== experiment.name) continue;
    if (!responses.has(event.responseId)) {
      unmatchedFeedback += 1;
      continue;
    }
    ratings.set(event.responseId, { rating: event.rating, corrected: event.corrected });
  }
  const arms = experiment.arms.map((entry) => {
    const own = [...responses.values()].filter((event) => event.arm === entry.model);
    const rated = own.flatMap((event) => {
      const rating = ratings.get(event.responseId);
      return rating ? [rating] : [];
    });
    const up = rated.filter((rating) => rating.rating === 'up').length;
    const latencies = own.map((event) => event.latencyMs);
    return {
      arm: entry.model,
      responses: own.length,
      users: new Set(own.map((event) => event.userHash)).size,
      rated: rated.length,
      up,
      down: rated.length - up,
      corrections: rated.filter((rating) => rating.corrected).length,
      upRate: describeProportion(up, rated.length, level),
      citationsValid: describeProportion(
        own.filter((event) => event.citationsValid).length,
        own.length,
        level,
      ),
      refusals: describeProportion(own.filter((event) => event.refusal).length, own.length, level),
      meanWords: mean(own.map((event) => event.words)),
      latencyMs: own.length === 0 ? null : { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
      meanPromptTokens: mean(own.map((event) => event.promptTokens)),
      meanCompletionTokens: mean(own.map((event) => event.completionTokens)),
    } satisfies ArmReport;
  });
  const [baseline, ...others] = arms;
  const comparisons = baseline
    ? others.map((arm) => ({
        baseline: baseline.arm,
        arm: arm.arm,
        upRate: compareProportions(baseline.upRate, arm.upRate, level),
      }))
    : [];
  return {
    experiment: experiment.name,
    level,
    arms,
    comparisons,
    unmatchedFeedback,
    method: STATISTICS_METHOD,
  };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function formatProportion(proportion: Proportion): string {
  if (proportion.rate === null || !proportion.interval) return '–';
  return `${percent(proportion.rate)} [${percent(proportion.interval.low)}, ${percent(proportion.interval.high)}] (${proportion.successes}/${proportion.trials})`;
}

/** The comparison in a sentence: the difference, its interval, the p-value, and what is still needed. */
export function describeComparison(comparison: ArmComparison): string {
  const difference = comparison.upRate;
  const name = `${comparison.arm} vs ${comparison.baseline}`;
  if (!difference) return `${name}: no ratings yet on one of the arms.`;
  const points = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}`;
  const head = `${name}: thumbs-up ${points(difference.difference)} points [${points(difference.interval.low)}, ${points(difference.interval.high)}], p = ${difference.pValue.toFixed(3)}`;
  if (difference.significant) return `${head}: significant at ${difference.level}.`;
  return `${head}: not significant at ${difference.level}; ${
    difference.furtherPerArm === null
      ? 'the rates are equal, so no number of ratings would show a difference'
      : `about ${difference.furtherPerArm.toLocaleString('en-US')} more ratings per arm would show this difference with 80% power`
  }.`;
}

export function renderExperimentReport(report: ExperimentReport): string {
  const lines = [`experiment ${report.experiment} (significance level ${report.level})`];
  const header = [
    'arm',
    'responses',
    'users',
    'rated',
    'thumbs-up rate [95% CI]',
    'citations valid',
    'refusals',
    'words',
    'p50 ms',
    'tokens',
  ];
  const rows = report.arms.map((arm) => [
    arm.arm,
    String(arm.responses),
    String(arm.users),
    `${arm.rated} (${arm.up} up, ${arm.down} down${arm.corrections ? `, ${arm.corrections} corrected` : ''})`,
    formatProportion(arm.upRate),
    formatProportion(arm.citationsValid),
    formatProportion(arm.refusals),
    arm.meanWords === null ? '–' : arm.meanWords.toFixed(0),
    arm.latencyMs === null ? '–' : arm.latencyMs.p50.toFixed(0),
    arm.meanPromptTokens === null
      ? '–'
      : ((arm.meanPromptTokens ?? 0) + (arm.meanCompletionTokens ?? 0)).toFixed(0),
  ]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of [header, ...rows])
    lines.push(
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}`,
    );
  for (const comparison of report.comparisons) lines.push(`  ${describeComparison(comparison)}`);
  if (report.unmatchedFeedback > 0) {
    lines.push(`  ${report.unmatchedFeedback} ratings name a response this experiment did not log: ignored.`);
  }
  lines.push(`  method: ${report.method}.`);
  return lines.join('\n');
}
