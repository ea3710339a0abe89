import { KnowhowError } from '../../core/errors.js';
import { describeFailure } from '../../ingest/index.js';
import type { IngestCommandOptions } from '../commands/ingest.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

export function runIngestCommand(
  context: CommandContext,
  paths: string[],
  options: IngestCommandOptions,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const embedder = await workspace.embedder();
    const summary = await workspace.ingest({
      ...(paths.length > 0 ? { paths, cwd: context.cwd } : {}),
      ...(options.groups ? { groups: options.groups } : {}),
      prune: options.prune,
      rebuild: options.rebuild,
      waitSeconds: options.wait,
      onWaiting: (message) => context.info(message),
      progress: context.progress({ label: 'ingest', unit: 'docs' }),
    });
    const stats = await (await workspace.writableStore()).stats();
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
    if (summary.filesSkipped > 0) {
      lines.push(
        `${summary.filesSkipped} file(s) skipped unread: unchanged since the last ingest, and so are their documents in the index`,
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
    if (summary.lag?.foldDue) {
      lines.push(
        `${summary.lag.unindexedRows} chunk rows are not in the search indexes yet and every query scans them (3–4 ms per 1,000): a running \`knowhow serve\` folds them in when idle, \`knowhow optimize\` does it now`,
      );
    }
    if (summary.failures.length > 0) {
      lines.push('', 'failed:');
      for (const failure of summary.failures.slice(0, 100)) lines.push(`  ${describeFailure(failure)}`);
      if (summary.failures.length > 100)
        lines.push(`  … and ${summary.failures.length - 100} more (see --json)`);
    }
    const failedStrict = options.strict && summary.failed > 0;
    if (failedStrict) {
      lines.push('', `error [INGEST_FAILED] ${summary.failed} document(s) failed and --strict is set.`);
    }
    return {
      data: { ...summary, index: stats },
      text: lines.join('\n'),
      ...(failedStrict ? { exitCode: new KnowhowError('INGEST_FAILED', '').exitCode } : {}),
    };
  });
}
