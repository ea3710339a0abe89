import type { CommandSpec } from '../main.js';

export const modelsCommand: CommandSpec = {
  name: 'models',
  register(program, run) {
    program
      .command('models')
      .description(
        'the tuned models registered in .knowhow/models.json, the current one (what eval, diagnose and serve use) marked',
      )
      .action(() => run(async (context) => (await import('../actions/models.js')).runModels(context)));
  },
};
