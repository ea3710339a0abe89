import type { CommandSpec } from '../main.js';

export const compareCommand: CommandSpec = {
  name: 'compare',
  register(program, run) {
    program
      .command('compare')
      .description(
        'what changed between two eval runs: fixed / broke / unchanged per variant, then the changed cases',
      )
      .argument('<before>', 'run id')
      .argument('<after>', 'run id')
      .action((beforeId: string, afterId: string) =>
        run(async (context) =>
          (await import('../actions/compare.js')).runCompare(context, beforeId, afterId),
        ),
      );
  },
};
