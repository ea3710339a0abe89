import { exitCodeFor } from '../../core/error-codes.js';
import { failedVariantLines, findFailedVariants } from '../../eval/index.js';
import { renderTerminalSummary } from '../../report/index.js';
import { parseReporterOption } from '../../report/reporters/index.js';
import { diagnose } from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';
import { writeRequestedReports } from './write-eval-reports.js';

export function runDiagnose(
  context: CommandContext,
  options: { run?: string; reporter?: string[] },
): Promise<CommandResult> {
  const requests = parseReporterOption(options.reporter ?? []);
  return withWorkspace(context, async (workspace) => {
    const { report, files, cases } = await diagnose(workspace, {
      ...(options.run ? { runId: options.run } : {}),
      progress: context.progress({ label: 'eval', unit: 'rows' }),
      onWarning: (warning) => context.info(`warning: ${warning}`),
    });
    const reports = await writeRequestedReports({
      requests,
      context,
      workspace,
      run: {
        runId: report.runId,
        directory: workspace.runs.directory(report.runId),
        rows: report.rows,
        skippedVariants: report.skippedVariants,
      },
      cases,
    });
    const failedVariants = findFailedVariants(report.rows);
    const summary = renderTerminalSummary(report, {
      color: context.color,
      reportPath: files.html,
    });
    return {
      data: { ...report, reportFiles: files, reporters: reports, failedVariants },
      text: [
        summary.trimEnd(),
        ...reports.map((written) => `${written.reporter}: ${written.files.join(', ')}`),
        ...failedVariantLines(failedVariants),
      ].join('\n'),
      ...(failedVariants.length ? { exitCode: exitCodeFor('VARIANT_FAILED') } : {}),
    };
  });
}
