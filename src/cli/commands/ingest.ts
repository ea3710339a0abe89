import { chunkDocument } from '../../chunk/index.js';
import { KnowhowError } from '../../core/errors.js';
import { acquireIndexLock, DEFAULT_WRITER_WAIT_SECONDS, LanceIndexStore } from '../../index/index.js';
import { describeFailure } from '../../ingest/load-documents.js';
import { runIngest } from '../../ingest/run-ingest.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { collectList, parseNumber } from '../parse-options.js';
import { createEmbedder, resolveEmbeddingDimensions } from '../select-providers.js';

export const ingestCommand: CommandSpec = {
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
      .option(
        '--wait <seconds>',
        `while another process writes the index, wait this long, then fail with INDEX_LOCKED (0: fail at once)`,
        (value) => Math.max(0, parseNumber(value, '--wait')),
        DEFAULT_WRITER_WAIT_SECONDS,
      )
      .action(
        (
          paths: string[],
          options: { groups?: string[]; prune: boolean; rebuild: boolean; strict: boolean; wait: number },
        ) =>
          run(async (context) => {
            const workspace = await openWorkspace(context);
            const inputs = paths.length > 0 ? paths : workspace.config.ingest.paths;
            const cwd = paths.length > 0 ? context.cwd : workspace.root;
            // Taken before --rebuild deletes anything; the lock file lives beside the index folder.
            const lock = await acquireIndexLock(workspace.indexDirectory, {
              purpose: 'ingest',
              waitSeconds: options.wait,
              onWaiting: (message) => context.info(message),
            });
            try {
              if (options.rebuild) await LanceIndexStore.destroy(workspace.indexDirectory);
              const embedder = await createEmbedder(workspace);
              const store = await openStore(workspace, {
                vectorDimensions: embedder ? await resolveEmbeddingDimensions(embedder) : null,
                embeddingModel: embedder ? `${embedder.provider}:${embedder.modelId}` : null,
              });
              const progress = context.progress({ label: 'ingest', unit: 'docs' });
              try {
                const summary = await runIngest({
                  paths: inputs,
                  cwd,
                  projectRoot: workspace.root,
                  roots: workspace.config.ingest.paths,
                  config: workspace.config.ingest,
                  store,
                  chunk: (document) =>
                    chunkDocument(document, {
                      maxTokens: workspace.config.chunk.maxTokens,
                      overlapTokens: workspace.config.chunk.overlapTokens,
                    }),
                  ...(embedder ? { embedder } : {}),
                  ...(options.groups ? { defaultGroups: options.groups } : {}),
                  prune: options.prune,
                  progress,
                });
                const stats = await store.stats();
                const lines = [
                  `${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed, ${summary.failed} failed`,
                  `${summary.chunks} chunks written${embedder ? `, ${summary.embedded} embedded (${summary.embeddingsReused} reused)` : ''} · ${(summary.bytes / 1e6).toFixed(1)} MB in ${summary.seconds.toFixed(1)}s · index v${stats.version}: ${stats.documents} documents, ${stats.chunks} chunks`,
                ];
                if (embedder && summary.embedded > 0) {
                  // The bar: throughput limited by the model, not by our batching.
                  lines.push(
                    `embedding: ${summary.embedded} chunks at ${(summary.embedded / Math.max(summary.embedSeconds, 1e-9)).toFixed(1)} chunks/s, ${((summary.embedSeconds / Math.max(summary.seconds, 1e-9)) * 100).toFixed(0)}% of ingest time inside the provider (batches of ${embedder.maxBatchSize})`,
                  );
                }
                if (summary.recovered > 0) {
                  lines.push(
                    `${summary.recovered} document(s) half-written by an interrupted ingest were removed and written again`,
                  );
                }
                if (summary.missing > 0) {
                  lines.push(
                    `${summary.missing} document(s) no longer on disk: run with --prune to remove them (${summary.missingDocuments.slice(0, 3).join(', ')}${summary.missing > 3 ? ', …' : ''})`,
                  );
                }
                if (summary.failures.length > 0) {
                  lines.push('', 'failed:');
                  for (const failure of summary.failures.slice(0, 100))
                    lines.push(`  ${describeFailure(failure)}`);
                  if (summary.failures.length > 100)
                    lines.push(`  … and ${summary.failures.length - 100} more (see --json)`);
                }
                const failedStrict = options.strict && summary.failed > 0;
                if (failedStrict) {
                  lines.push(
                    '',
                    `error [INGEST_FAILED] ${summary.failed} document(s) failed and --strict is set.`,
                  );
                }
                return {
                  data: { ...summary, index: stats },
                  text: lines.join('\n'),
                  ...(failedStrict ? { exitCode: new KnowhowError('INGEST_FAILED', '').exitCode } : {}),
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
