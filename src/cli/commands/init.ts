import type { CommandSpec } from '../main.js';

export const initCommand: CommandSpec = {
  name: 'init',
  register(program, run) {
    program
      .command('init')
      .description('write a commented knowhow.yaml and a cases/ folder with one example case')
      .option('--force', 'overwrite an existing knowhow.yaml', false)
      .action((options: { force: boolean }) =>
        run(async (context) => (await import('../actions/init.js')).runInit(context, options)),
      );
  },
};
