import type { CommandSpec } from '../main.js';

export const statusCommand: CommandSpec = {
  name: 'status',
  register(program, run) {
    program
      .command('status')
      .description('documents, chunks, index version, size on disk, last ingest')
      .action(() => run(async (context) => (await import('../actions/status.js')).runStatus(context)));
  },
};
