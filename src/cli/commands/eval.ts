import { variantNames } from '../../core/config/schema.js';
import { exitCodeFor } from '../../core/error-codes.js';
import { KnowhowError } from '../../core/errors.js';
import type { EvalRow, VariantName } from '../../core/eval-types.js';
import { summarizeVariants, type VariantSummary } from '../../decide/index.js';
import { failedVariantLines, findFailedVariants } from '../../eval/find-failed-variants.js';
import { createEvalModels, evaluateAndReport, findRun, loadSuite } from '../eval-session.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { collectList } from '../parse-options.js';

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
    'variant    model                      pass  content format ground recall  p50 ms   tokens  cost';
  const lines = summaries.map((summary) =>
    [
      summary.variant.padEnd(10),
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

export const evalCommand: CommandSpec = {
  register(program, run) {
    program
      .command('eval')
      .description(
        'run the test cases through every configured variant (prompt, few-shot, rag, oracle, tuned, hybrid)',
      )
      .option('--variants <names>', 'only these variants (comma-separated)', collectList)
      .option('--resume [run]', 'continue an interrupted run (default: the newest incomplete one)')
      .option('--retry-errors', 'with --resume: run rows again that failed with a model error', false)
      .option(
        '--fail-under <threshold>',
        'exit non-zero below a pass rate: 0.8, rag=0.8, rag.content=0.9 (repeatable)',
        collectList,
      )
      .action(
        (options: {
          variants?: string[];
          resume?: string | boolean;
          retryErrors: boolean;
          failUnder?: string[];
        }) =>
          run(async (context) => {
            const thresholds = (options.failUnder ?? []).map(parseThreshold);
            const variants = options.variants?.map((name) => {
              if (!(variantNames as readonly string[]).includes(name)) {
                throw new KnowhowError('USAGE', `Unknown variant "${name}".`, {
                  hint: `Variants: ${variantNames.join(', ')}.`,
                });
              }
              return name as VariantName;
            });
            const workspace = await openWorkspace(context);
            let runId: string | undefined;
            if (options.resume === true) {
              runId = await findRun(workspace, { incompleteOnly: true });
              if (!runId)
                throw new KnowhowError('INPUT_NOT_FOUND', 'No interrupted run to resume.', {
                  hint: 'Run `knowhow eval`.',
                });
            } else if (typeof options.resume === 'string') {
              runId = options.resume;
            }
            const store = await openStore(workspace);
            try {
              const suite = await loadSuite(workspace, store);
              for (const warning of suite.warnings) context.info(`warning: ${warning}`);
              const models = await createEvalModels(workspace);
              const { result, files } = await evaluateAndReport({
                workspace,
                store,
                suite,
                models,
                ...(variants ? { variants } : {}),
                ...(runId ? { runId } : {}),
                retryErrors: options.retryErrors,
                progress: context.progress({ label: 'eval', unit: 'rows' }),
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
                `rows:   ${result.directory}/rows.jsonl`,
                `report: ${files.html}`,
                ...(failures.length
                  ? ['', ...failures.map((failure) => `error [EVAL_THRESHOLD] ${failure}`)]
                  : []),
                ...failedVariantLines(failedVariants),
              ];
              return {
                data: {
                  runId: result.runId,
                  directory: result.directory,
                  summaries,
                  skippedVariants: result.skippedVariants,
                  thresholdFailures: failures,
                  failedVariants,
                  report: files,
                },
                text: lines.join('\n'),
                ...(failedVariants.length
                  ? { exitCode: exitCodeFor('VARIANT_FAILED') }
                  : failures.length
                    ? { exitCode: exitCodeFor('EVAL_THRESHOLD') }
                    : {}),
              };
            } finally {
              await store.close();
            }
          }),
      );
  },
};
