import { compareRuns } from '../../decide/index.js';
import { renderRunComparison } from '../../report/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

export function runCompare(
  context: CommandContext,
  beforeId: string,
  afterId: string,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const [before, after] = await Promise.all([
      workspace.runs.readRows(beforeId),
      workspace.runs.readRows(afterId),
    ]);
    const comparison = compareRuns(before, after);
    return {
      data: { before: beforeId, after: afterId, ...comparison },
      text: renderRunComparison(comparison, { before: beforeId, after: afterId }),
    };
  });
}
