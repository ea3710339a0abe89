import type { EvalRow } from '../../core/eval-types.js';
import { renderTerminalSummary } from '../../report/index.js';
import {
  buildReportData,
  createEvalModels,
  executeEval,
  loadSuite,
  readRunRows,
  writeReportFiles,
} from '../eval-session.js';
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
            let runId: string;
            let rows: EvalRow[];
            let skippedVariants: { variant: string; reason: string }[] = [];
            if (options.run) {
              runId = options.run;
              rows = await readRunRows(workspace, runId);
            } else {
              const result = await executeEval({
                workspace,
                store,
                suite,
                models: await createEvalModels(workspace),
                progress: context.progress({ label: 'eval', unit: 'rows' }),
              });
              runId = result.runId;
              rows = result.rows;
              skippedVariants = result.skippedVariants;
            }
            const report = await buildReportData({
              workspace,
              store,
              runId,
              rows,
              cases: suite.cases,
              skippedVariants,
            });
            const files = await writeReportFiles(workspace, report);
            return {
              data: { ...report, reportFiles: files },
              text: renderTerminalSummary(report, {
                color: Boolean(context.io.stdout.isTTY) && !process.env.NO_COLOR,
                reportPath: files.html,
              }),
            };
          } finally {
            await store.close();
          }
        }),
      );
  },
};
