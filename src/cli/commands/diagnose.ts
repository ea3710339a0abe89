import type { CommandSpec } from '../main.js';
import { collectValues } from '../parse-options.js';
import { reporterOptionHelp } from './eval.js';

export const diagnoseCommand: CommandSpec = {
  name: 'diagnose',
  register(program, run) {
    program
      .command('diagnose')
      .description('eval + failure attribution + recommendation + cost and latency, with an HTML report')
      .option('--run <id>', 'diagnose an existing run instead of running the cases again')
      .option('--reporter <name[=path]>', reporterOptionHelp, collectValues)
      .action((options: { run?: string; reporter?: string[] }) =>
        run(async (context) => (await import('../actions/diagnose.js')).runDiagnose(context, options)),
      );
  },
};
