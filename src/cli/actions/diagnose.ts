import { renderTerminalSummary } from '../../report/index.js';
import { diagnose } from '../../workspace/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

export function runDiagnose(context: CommandContext, options: { run?: string }): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const { report, files } = await diagnose(workspace, {
      ...(options.run ? { runId: options.run } : {}),
      progress: context.progress({ label: 'eval', unit: 'rows' }),
      onWarning: (warning) => context.info(`warning: ${warning}`),
    });
    return {
      data: { ...report, reportFiles: files },
      text: renderTerminalSummary(report, {
        color: Boolean(context.io.stdout.isTTY) && !process.env.NO_COLOR,
        reportPath: files.html,
      }),
    };
  });
}
