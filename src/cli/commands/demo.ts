import type { CommandSpec } from '../main.js';

export const demoCommand: CommandSpec = {
  name: 'demo',
  register(program, run) {
    program
      .command('demo')
      .description(
        'the whole path on the bundled example (a SaaS help centre), offline: ingest, eval, diagnose, advise, report',
      )
      .option('--dir <dir>', 'where to put the example copy and its results', 'knowhow-demo')
      .action((options: { dir: string }) =>
        run(async (context) => (await import('../actions/demo.js')).runDemo(context, options)),
      );
  },
};
