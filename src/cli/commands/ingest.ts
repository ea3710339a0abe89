import type { CommandSpec } from '../main.js';
import { collectList } from '../parse-options.js';

export interface IngestCommandOptions {
  groups?: string[];
  prune: boolean;
  rebuild: boolean;
  strict: boolean;
}

export const ingestCommand: CommandSpec = {
  name: 'ingest',
  register(program, run) {
    program
      .command('ingest')
      .description('load, chunk, (embed) and index documents; incremental on every re-run')
      .argument('[paths...]', 'files or folders (default: ingest.paths in knowhow.yaml)')
      .option(
        '--groups <groups>',
        'access groups for documents that name none (comma-separated)',
        collectList,
      )
      .option('--prune', 'remove indexed documents that the inputs no longer contain', false)
      .option('--rebuild', 'drop the index and build it again', false)
      .option('--strict', 'exit non-zero when any document fails', false)
      .action((paths: string[], options: IngestCommandOptions) =>
        run(async (context) =>
          (await import('../actions/ingest.js')).runIngestCommand(context, paths, options),
        ),
      );
  },
};
