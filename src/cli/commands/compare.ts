import { compareRuns } from '../../decide/index.js';
import { renderRunComparison } from '../../report/render-run-comparison.js';
import { readRunRows } from '../eval-session.js';
import type { CommandSpec } from '../main.js';
import { openWorkspace } from '../open-workspace.js';

export const compareCommand: CommandSpec = {
  register(program, run) {
    program
      .command('compare')
      .description(
        'what changed between two eval runs: fixed / broke / unchanged per variant, then the changed cases',
      )
      .argument('<before>', 'run id')
      .argument('<after>', 'run id')
      .action((beforeId: string, afterId: string) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const [before, after] = await Promise.all([
            readRunRows(workspace, beforeId),
            readRunRows(workspace, afterId),
          ]);
          const comparison = compareRuns(before, after);
          return {
            data: { before: beforeId, after: afterId, ...comparison },
            text: renderRunComparison(comparison, { before: beforeId, after: afterId }),
          };
        }),
      );
  },
};
