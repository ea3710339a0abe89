import { acquireIndexLock, DEFAULT_WRITER_WAIT_SECONDS } from '../../index/index.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { parseNumber } from '../parse-options.js';

export const optimizeCommand: CommandSpec = {
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
      .action((options: { wait: number }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const lock = await acquireIndexLock(workspace.indexDirectory, {
            purpose: 'optimize',
            waitSeconds: options.wait,
            onWaiting: (message) => context.info(message),
          });
          try {
            const store = await openStore(workspace);
            try {
              const before = await store.stats();
              const report = await store.maintain({ full: true });
              const after = await store.stats();
              const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
              return {
                data: { before, after, ...report },
                text: [
                  `${after.documents} documents, ${after.chunks} chunks · index v${before.version} → v${after.version}`,
                  `on disk ${megabytes(before.bytesOnDisk)} → ${megabytes(after.bytesOnDisk)} (${report.versionsRemoved} old version(s) removed; versions replaced in the last 10 s are kept for readers)`,
                ].join('\n'),
              };
            } finally {
              await store.close();
            }
          } finally {
            await lock.release();
          }
        }),
      );
  },
};
