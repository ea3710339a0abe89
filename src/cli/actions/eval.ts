import { variantNames } from '../../core/config/schema.js';
import { exitCodeFor } from '../../core/error-codes.js';
import { KnowhowError } from '../../core/errors.js';
import type { EvalRow, VariantName } from '../../core/eval-types.js';
import { summarizeVariants, type VariantSummary } from '../../decide/index.js';
import { failedVariantLines, findFailedVariants } from '../../eval/index.js';
import { parseReporterOption } from '../../report/reporters/index.js';
import { evaluate } from '../../workspace/index.js';
import type { EvalCommandOptions } from '../commands/eval.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';
import { writeRequestedReports } from './write-eval-reports.js';

export interface Threshold {
  variant: VariantName | '*';
  metric: 'pass' | 'content' | 'format' | 'grounding';
  minimum: number;
}

/** `0.8` (every variant's pass rate), `rag=0.8`, `rag.content=0.9`. */
export function parseThreshold(spec: string): Threshold {
  const match = /^(?:([\w-]+)(?:\.(pass|content|format|grounding))?=)?(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(
    spec.trim(),
  );
  if (!match || (match[1] && !(variantNames as readonly string[]).includes(match[1]))) {
    throw new KnowhowError('USAGE', `--fail-under "${spec}" is not a threshold.`, {
      hint: `Write 0.8, <variant>=0.8 or <variant>.<pass|content|format|grounding>=0.8 with a variant among ${variantNames.join(', ')}.`,
    });
  }
  return {
    variant: (match[1] as VariantName | undefined) ?? '*',
    metric: (match[2] as Threshold['metric'] | undefined) ?? 'pass',
    minimum: Number(match[3]),
  };
}

export function checkThresholds(summaries: VariantSummary[], thresholds: Threshold[]): string[] {
  const failures: string[] = [];
  for (const threshold of thresholds) {
    for (const summary of summaries) {
      if (threshold.variant !== '*' && threshold.variant !== summary.variant) continue;
      const value =
        threshold.metric === 'pass'
          ? summary.passRate
          : threshold.metric === 'content'
            ? summary.contentPassRate
            : threshold.metric === 'format'
              ? summary.formatPassRate
              : summary.groundingPassRate;
      if (value !== null && value < threshold.minimum) {
        failures.push(
          `${summary.variant} ${threshold.metric} rate ${value.toFixed(3)} < ${threshold.minimum}`,
        );
      }
    }
    if (threshold.variant !== '*' && !summaries.some((summary) => summary.variant === threshold.variant)) {
      failures.push(`${threshold.variant} did not run, so its ${threshold.metric} rate cannot be checked`);
    }
  }
  return failures;
}

const percent = (value: number | null) =>
  value === null ? '   –' : `${(value * 100).toFixed(0).padStart(3)}%`;

export function formatVariantTable(summaries: VariantSummary[]): string {
  const header =
    'variant      model                      pass  content format ground recall  p50 ms   tokens  cost';
  const lines = summaries.map((summary) =>
    [
      summary.variant.padEnd(12),
      summary.model.slice(0, 26).padEnd(26),
      percent(summary.passRate).padStart(5),
      percent(summary.contentPassRate).padStart(8),
      percent(summary.formatPassRate).padStart(6),
      percent(summary.groundingPassRate).padStart(6),
      percent(summary.meanRecall).padStart(6),
      (summary.latency ? summary.latency.p50Ms.toFixed(0) : '–').padStart(7),
      (summary.meanPromptTokens + summary.meanCompletionTokens).toFixed(0).padStart(8),
      `$${summary.totalCostUsd.toFixed(4)}`.padStart(8),
      summary.errors ? ` (${summary.errors} errors)` : '',
    ].join(' '),
  );
  return [header, ...lines].join('\n');
}

export function rowsSummaryLine(rows: EvalRow[]): string {
  const passed = rows.filter((row) => row.passed).length;
  return `${rows.length} rows, ${passed} passed, ${rows.filter((row) => row.error).length} model errors`;
}

export function runEvalCommand(context: CommandContext, options: EvalCommandOptions): Promise<CommandResult> {
  const thresholds = (options.failUnder ?? []).map(parseThreshold);
  const reporters = parseReporterOption(options.reporter ?? []);
  const variants = options.variants?.map((name) => {
    if (!(variantNames as readonly string[]).includes(name)) {
      throw new KnowhowError('USAGE', `Unknown variant "${name}".`, {
        hint: `Variants: ${variantNames.join(', ')}.`,
      });
    }
    return name as VariantName;
  });
  return withWorkspace(context, async (workspace) => {
    const { result, files, cases, drafts } = await evaluate(workspace, {
      ...(variants ? { variants } : {}),
      ...(options.resume === undefined || options.resume === false
        ? {}
        : { resume: options.resume === true ? true : options.resume }),
      retryErrors: options.retryErrors,
      progress: context.progress({ label: 'eval', unit: 'rows' }),
      onWarning: (warning) => context.info(`warning: ${warning}`),
    });
    const reports = await writeRequestedReports({
      requests: reporters,
      context,
      workspace,
      run: result,
      cases,
    });
    const summaries = summarizeVariants(result.rows);
    const failures = checkThresholds(summaries, thresholds);
    const failedVariants = findFailedVariants(result.rows);
    const lines = [
      `run ${result.runId}: ${rowsSummaryLine(result.rows)}${result.resumedRows ? ` (${result.resumedRows} resumed)` : ''} in ${result.seconds.toFixed(1)}s`,
      '',
      formatVariantTable(summaries),
      ...result.skippedVariants.map((skipped) => `skipped ${skipped.variant}: ${skipped.reason}`),
      '',
      `rows:   ${workspace.runs.file(result.runId, 'rows')}`,
      `report: ${files.html}`,
      ...reports.map(
        (written) =>
          `${written.reporter}:${' '.repeat(Math.max(1, 7 - written.reporter.length))}${written.files.join(', ')}`,
      ),
      ...(failures.length ? ['', ...failures.map((failure) => `error [EVAL_THRESHOLD] ${failure}`)] : []),
      ...failedVariantLines(failedVariants),
    ];
    return {
      data: {
        runId: result.runId,
        directory: result.directory,
        summaries,
        drafts,
        skippedVariants: result.skippedVariants,
        thresholdFailures: failures,
        failedVariants,
        report: files,
        reporters: reports,
      },
      text: lines.join('\n'),
      ...(failedVariants.length
        ? { exitCode: exitCodeFor('VARIANT_FAILED') }
        : failures.length
          ? { exitCode: exitCodeFor('EVAL_THRESHOLD') }
          : {}),
    };
  });
}
