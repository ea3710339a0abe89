import type { TestCase } from '../core/case-types.js';
import type { EvalRow, VariantName } from '../core/eval-types.js';

/**
 * Catastrophic-forgetting check: a tuned model can get better at the domain and worse at
 * everything else. The cases outside the tuned domain are answered by the base and the tuned
 * model (the `prompt` and `tuned` variants of one eval run; `rag` and `hybrid` likewise), and
 * every case the base passed but the tuned model fails is reported with the checks that flipped.
 */

/** Out-of-domain cases: tagged `general`, or with no source documents (nothing to learn from the docs). */
export function pickRegressionCases(cases: readonly TestCase[], domainTags?: readonly string[]): TestCase[] {
  const domain = new Set(domainTags ?? []);
  return cases.filter((testCase) => {
    if (testCase.split !== 'eval') return false;
    if (domain.size > 0) return !testCase.tags.some((tag) => domain.has(tag));
    return testCase.tags.includes('general') || testCase.sources.length === 0;
  });
}

export interface FlippedCheck {
  name: string;
  kind: string;
  baseVerdict: string;
  tunedVerdict: string;
  reason: string;
}

export interface RegressionItem {
  caseId: string;
  question: string;
  tags: string[];
  pair: { base: VariantName; tuned: VariantName };
  baseAnswer: string;
  tunedAnswer: string;
  flippedChecks: FlippedCheck[];
  tunedError?: string;
}

export interface RegressionReport {
  /** Pairs compared (case × variant pair with rows on both sides). */
  compared: number;
  basePassed: number;
  /** Passed on base, fail on tuned. */
  lost: RegressionItem[];
  /** Failed on base, pass on tuned (for balance: forgetting is judged against gains). */
  gained: number;
  byTag: Record<string, { compared: number; lost: number }>;
  missingTunedRows: number;
}

export const REGRESSION_PAIRS: readonly { base: VariantName; tuned: VariantName }[] = [
  { base: 'prompt', tuned: 'tuned' },
  { base: 'rag', tuned: 'hybrid' },
];

export interface CompareRegressionOptions {
  baseRows: readonly EvalRow[];
  tunedRows: readonly EvalRow[];
  /** Only these cases (e.g. from pickRegressionCases); every case in the rows otherwise. */
  cases?: readonly TestCase[];
}

export function compareRegression(options: CompareRegressionOptions): RegressionReport {
  const only = options.cases ? new Set(options.cases.map((testCase) => testCase.id)) : undefined;
  const tagsOf = new Map(options.cases?.map((testCase) => [testCase.id, testCase.tags]) ?? []);
  const key = (row: EvalRow) => `${row.caseId}\u0000${row.variant}`;
  const tuned = new Map(options.tunedRows.map((row) => [key(row), row]));
  const report: RegressionReport = {
    compared: 0,
    basePassed: 0,
    lost: [],
    gained: 0,
    byTag: {},
    missingTunedRows: 0,
  };
  for (const baseRow of options.baseRows) {
    if (only && !only.has(baseRow.caseId)) continue;
    const pair = REGRESSION_PAIRS.find((candidate) => candidate.base === baseRow.variant);
    if (!pair) continue;
    const tunedRow = tuned.get(`${baseRow.caseId}\u0000${pair.tuned}`);
    if (!tunedRow) {
      report.missingTunedRows++;
      continue;
    }
    report.compared++;
    const tags = tagsOf.get(baseRow.caseId) ?? [];
    for (const tag of tags.length > 0 ? tags : ['(untagged)']) {
      report.byTag[tag] ??= { compared: 0, lost: 0 };
      report.byTag[tag].compared++;
    }
    if (baseRow.passed) report.basePassed++;
    if (!baseRow.passed && tunedRow.passed) report.gained++;
    if (!(baseRow.passed && !tunedRow.passed)) continue;
    const tunedChecks = new Map(tunedRow.checks.map((check) => [check.name, check]));
    const flippedChecks: FlippedCheck[] = [];
    for (const check of baseRow.checks) {
      const after = tunedChecks.get(check.name);
      if (check.verdict === 'pass' && after && after.verdict === 'fail') {
        flippedChecks.push({
          name: check.name,
          kind: check.kind,
          baseVerdict: check.verdict,
          tunedVerdict: after.verdict,
          reason: after.reason,
        });
      }
    }
    for (const tag of tags.length > 0 ? tags : ['(untagged)']) report.byTag[tag]!.lost++;
    report.lost.push({
      caseId: baseRow.caseId,
      question: baseRow.question,
      tags,
      pair,
      baseAnswer: baseRow.answer,
      tunedAnswer: tunedRow.answer,
      flippedChecks,
      ...(tunedRow.error ? { tunedError: `${tunedRow.error.code}: ${tunedRow.error.message}` } : {}),
    });
  }
  return report;
}

/** Lost pairs in percentage points of the pairs compared: what `--fail-on-loss` compares against. */
export function lossPoints(report: RegressionReport): number {
  return report.compared === 0 ? 0 : (report.lost.length * 100) / report.compared;
}

/**
 * The CI gate of `tune regress --fail-on-loss [points]`: a failure message when the tuned model
 * lost more than `maxPoints` percentage points of the compared pairs (0: any lost case fails).
 */
export function checkLossGate(report: RegressionReport, maxPoints: number): string | undefined {
  const points = lossPoints(report);
  if (report.lost.length === 0 || points <= maxPoints) return undefined;
  const shown = Number(points.toFixed(1));
  return `The tuned model lost ${report.lost.length} of ${report.compared} pair(s) (${shown} points), more than the ${maxPoints} allowed by --fail-on-loss.`;
}

/** The lost cases first (what a reviewer acts on), then the totals and the tags they fall under. */
export function renderRegressionReport(report: RegressionReport): string {
  const lines: string[] = [];
  if (report.compared === 0) {
    lines.push('No base/tuned pairs to compare: the run has no `tuned` or `hybrid` rows for these cases.');
    lines.push('Register a tuned model (`knowhow tune register`) and run `knowhow eval` again.');
    return lines.join('\n');
  }
  if (report.lost.length > 0) {
    lines.push('Lost (passed on base, fails on tuned):');
    for (const item of report.lost) {
      lines.push(`  ${item.caseId} [${item.pair.base} → ${item.pair.tuned}] ${item.question}`);
      for (const check of item.flippedChecks)
        lines.push(`    ${check.kind}/${check.name}: pass → fail — ${check.reason}`);
      if (item.tunedError) lines.push(`    error: ${item.tunedError}`);
    }
    lines.push('');
  }
  lines.push(
    `Regression check (out-of-domain cases): ${report.compared} pair(s) compared; base passed ${report.basePassed}; ` +
      `tuned lost ${report.lost.length} (${Number(lossPoints(report).toFixed(1))} points), gained ${report.gained}.`,
  );
  if (report.lost.length === 0) lines.push('Nothing the base model got right was lost by the tuned model.');
  else {
    lines.push('', 'By tag (lost / compared):');
    for (const [tag, counts] of Object.entries(report.byTag).sort(([a], [b]) => a.localeCompare(b))) {
      if (counts.lost > 0) lines.push(`  ${tag}: ${counts.lost} / ${counts.compared}`);
    }
  }
  if (report.missingTunedRows > 0)
    lines.push('', `${report.missingTunedRows} base row(s) had no tuned counterpart in this run.`);
  return lines.join('\n');
}
