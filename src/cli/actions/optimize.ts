import type { MaintenanceReport } from '../../core/index-store.js';
import type { OptimizeCommandOptions } from '../commands/optimize.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** PostgreSQL keeps no old versions: what it gives back is folded statistics and rebuilt indexes. */
function whatWasRemoved(kind: string, report: MaintenanceReport): string {
  if (kind === 'postgres') {
    return `${megabytes(report.bytesRemoved)} reclaimed: statistics folded, postings index rebuilt`;
  }
  return `${report.versionsRemoved} old version(s) removed; versions replaced in the last 10 s are kept for readers`;
}

export function runOptimizeCommand(
  context: CommandContext,
  options: OptimizeCommandOptions,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const { engine, before, after, ...report } = await workspace.optimize({
      waitSeconds: options.wait,
      onWaiting: (message) => context.info(message),
    });
    return {
      data: { before, after, ...report },
      text: [
        `${after.documents} documents, ${after.chunks} chunks · index v${before.version} → v${after.version}`,
        `on disk ${megabytes(before.bytesOnDisk)} → ${megabytes(after.bytesOnDisk)} (${whatWasRemoved(engine, report)})`,
      ].join('\n'),
    };
  });
}
