import { exitCodeFor } from '../../core/error-codes.js';
import { failedVariantLines, findFailedVariants } from '../../eval/find-failed-variants.js';
import { renderTerminalSummary } from '../../report/index.js';
import { createEvalModels, evaluateAndReport, loadSuite, readRunRows, reportRun } from '../eval-session.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';

export const diagnoseCommand: CommandSpec = {
  register(program, run) {
    program
      .command('diagnose')
      .description('eval + failure attribution + recommendation + cost and latency, with an HTML report')
      .option('--run <id>', 'diagnose an existing run instead of running the cases again')
      .action((options: { run?: string }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const store = await openStore(workspace);
          try {
            const suite = await loadSuite(workspace, store);
            for (const warning of suite.warnings) context.info(`warning: ${warning}`);
            const { report, files } = options.run
              ? await reportRun({
                  workspace,
                  store,
                  runId: options.run,
                  rows: await readRunRows(workspace, options.run),
                  cases: suite.cases,
                  skippedVariants: [],
                })
              : await evaluateAndReport({
                  workspace,
                  store,
                  suite,
                  models: await createEvalModels(workspace),
                  progress: context.progress({ label: 'eval', unit: 'rows' }),
                });
            const failedVariants = findFailedVariants(report.rows);
            const summary = renderTerminalSummary(report, {
              color: Boolean(context.io.stdout.isTTY) && !process.env.NO_COLOR,
              reportPath: files.html,
            });
            return {
              data: { ...report, reportFiles: files, failedVariants },
              text: [summary.trimEnd(), ...failedVariantLines(failedVariants)].join('\n'),
              ...(failedVariants.length ? { exitCode: exitCodeFor('VARIANT_FAILED') } : {}),
            };
          } finally {
            await store.close();
          }
        }),
      );
  },
};
