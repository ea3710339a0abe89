import path from 'node:path';
import { EXPERIMENTS_LOG, readExperimentReports, renderExperimentReport } from '../../serve/index.js';
import type { AbReportCommandOptions } from '../commands/ab.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

export function runAbReport(
  context: CommandContext,
  options: AbReportCommandOptions,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const experiments = workspace.config.serve.experiments;
    const reports = await readExperimentReports({
      experiments,
      logFile: path.join(workspace.dataDir, EXPERIMENTS_LOG),
      ...(options.experiment ? { name: options.experiment } : {}),
    });
    return {
      data: { experiments: reports },
      text:
        reports.length === 0
          ? 'No experiment configured: add serve.experiments to knowhow.yaml (a name, and arms with model and weight), then `knowhow serve`.'
          : reports.map(renderExperimentReport).join('\n\n'),
    };
  });
}
