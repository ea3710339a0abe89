import { DEFAULT_WRITER_WAIT_SECONDS } from '../../core/index-store.js';
import type { CommandSpec } from '../main.js';
import { collectList, parseNumber } from '../parse-options.js';

export interface IngestCommandOptions {
  groups?: string[];
  prune: boolean;
  rebuild: boolean;
  strict: boolean;
  wait: number;
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
      .option(
        '--rebuild',
        'build the index again beside the old one, which serves until the new one is complete',
        false,
      )
      .option('--strict', 'exit non-zero when any document fails', false)
      .option(
        '--wait <seconds>',
        'while another process writes the index, wait this long, then fail with INDEX_LOCKED (0: fail at once)',
        (value) => Math.max(0, parseNumber(value, '--wait')),
        DEFAULT_WRITER_WAIT_SECONDS,
      )
      .action((paths: string[], options: IngestCommandOptions) =>
        run(async (context) =>
          (await import('../actions/ingest.js')).runIngestCommand(context, paths, options),
        ),
      );
  },
};
