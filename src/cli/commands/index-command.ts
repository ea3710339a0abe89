import { DEFAULT_WRITER_WAIT_SECONDS } from '../../core/index-store.js';
import type { CommandSpec } from '../main.js';
import { parseNumber } from '../parse-options.js';

export interface IndexCopyCommandOptions {
  to?: string;
  from?: string;
  schema?: string;
  wait: number;
}

export const indexCommand: CommandSpec = {
  name: 'index',
  register(program, run) {
    const index = program
      .command('index')
      .description('move the index between engines (LanceDB ⇄ PostgreSQL) and upgrade its schema');
    index
      .command('copy')
      .description(
        'copy the index, chunks and vectors as they are (never re-embedded): --to a postgres:// URL or a folder, or --from one into this project',
      )
      .option(
        '--to <url-or-folder>',
        "where to copy this project's index: postgres://… (PostgreSQL) or a folder (LanceDB)",
      )
      .option(
        '--from <url-or-folder>',
        "where to copy this project's index from: postgres://… or a LanceDB folder",
      )
      .option('--schema <name>', 'the PostgreSQL schema on the other side (default: index.schema)')
      .option(
        '--wait <seconds>',
        'while another process writes the target, wait this long, then fail with INDEX_LOCKED',
        (value) => Math.max(0, parseNumber(value, '--wait')),
        DEFAULT_WRITER_WAIT_SECONDS,
      )
      .action((options: IndexCopyCommandOptions) =>
        run(async (context) => (await import('../actions/index-command.js')).runIndexCopy(context, options)),
      );
    index
      .command('migrate')
      .description("upgrade a PostgreSQL index's schema to this knowhow's version, in one transaction")
      .action(() =>
        run(async (context) => (await import('../actions/index-command.js')).runIndexMigrate(context)),
      );
  },
};
