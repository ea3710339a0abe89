import type { CommandSpec } from '../main.js';

export interface AbReportCommandOptions {
  experiment?: string;
}

export const abCommand: CommandSpec = {
  name: 'ab',
  register(program, run) {
    const ab = program
      .command('ab')
      .description('A/B experiments between served architectures (serve.experiments), from live feedback');
    ab.command('report')
      .description(
        'per-arm thumbs-up rates with Wilson intervals, each arm against the first (Newcombe interval, z-test), and the ratings still needed',
      )
      .option('--experiment <name>', 'only this experiment (default: every one in serve.experiments)')
      .action((options: AbReportCommandOptions) =>
        run(async (context) => (await import('../actions/ab.js')).runAbReport(context, options)),
      );
  },
};
