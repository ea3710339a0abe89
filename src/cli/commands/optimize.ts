import { DEFAULT_WRITER_WAIT_SECONDS } from '../../core/index-store.js';
import type { CommandSpec } from '../main.js';
import { parseNumber } from '../parse-options.js';

export interface OptimizeCommandOptions {
  wait: number;
}

export const optimizeCommand: CommandSpec = {
  name: 'optimize',
  register(program, run) {
    program
      .command('optimize')
      .description('compact the index, fold new rows into its indexes and reclaim replaced versions')
      .option(
        '--wait <seconds>',
        'while another process writes the index, wait this long, then fail with INDEX_LOCKED',
        (value) => Math.max(0, parseNumber(value, '--wait')),
        DEFAULT_WRITER_WAIT_SECONDS,
      )
      .action((options: OptimizeCommandOptions) =>
        run(async (context) => (await import('../actions/optimize.js')).runOptimizeCommand(context, options)),
      );
  },
};
