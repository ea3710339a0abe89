import { renderTerminalSummary } from '../../report/index.js';
import { parseReporterOption } from '../../report/reporters/index.js';
import {
  createEvalModels,
  evaluateAndReport,
  loadSuite,
  readRunRows,
  reportRun,
  runDirectory,
} from '../eval-session.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { collectValues } from '../parse-options.js';
import { reporterOptionHelp, writeRequestedReports } from '../write-eval-reports.js';

export const diagnoseCommand: CommandSpec = {
  register(program, run) {
    program
      .command('diagnose')
      .description('eval + failure attribution + recommendation + cost and latency, with an HTML report')
      .option('--run <id>', 'diagnose an existing run instead of running the cases again')
      .option('--reporter <name[=path]>', reporterOptionHelp, collectValues)
      .action((options: { run?: string; reporter?: string[] }) =>
        run(async (context) => {
          const requests = parseReporterOption(options.reporter ?? []);
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
            const reports = await writeRequestedReports({
              requests,
              context,
              workspace,
              run: {
                runId: report.runId,
                directory: runDirectory(workspace, report.runId),
                rows: report.rows,
                skippedVariants: report.skippedVariants,
              },
              cases: suite.cases,
            });
            const summary = renderTerminalSummary(report, {
              color: Boolean(context.io.stdout.isTTY) && !process.env.NO_COLOR,
              reportPath: files.html,
            });
            return {
              data: { ...report, reportFiles: files, reporters: reports },
              text: [
                summary,
                ...reports.map((written) => `${written.reporter}: ${written.files.join(', ')}`),
              ].join('\n'),
            };
          } finally {
            await store.close();
          }
        }),
      );
  },
};
