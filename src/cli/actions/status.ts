import { describeLanguage, parseLanguageSetting } from '../../analyze/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Languages found and documents per language, e.g. "languages   spanish 230 · english 10". */
function languageLines(counts: Record<string, number> | undefined): string[] {
  const entries = Object.entries(counts ?? {});
  if (entries.length === 0) return [];
  return [`languages   ${entries.map(([language, documents]) => `${language} ${documents}`).join(' · ')}`];
}

export function runStatus(context: CommandContext): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const store = await workspace.store();
    const stats = await store.stats();
    const pending = store.pendingDocumentIds();
    // A server engine says which server, where, and how big each table is.
    const engine = await store.engineInfo?.();
    return {
      data: {
        config: workspace.file,
        engine: workspace.config.index.engine,
        index: engine ? engine.location : workspace.paths.index,
        ...stats,
        ...(engine ? { server: engine } : {}),
        pendingDocuments: [...pending],
      },
      text: [
        `config      ${workspace.file ?? '(none: defaults)'}`,
        `engine      ${workspace.config.index.engine}${engine ? ` · ${engine.server}${engine.pgvector ? ` · pgvector ${engine.pgvector}` : ''} · BM25 ${engine.textSearch}` : ''}`,
        `index       ${engine ? engine.location : workspace.paths.index} (${store.kind})`,
        `documents   ${stats.documents}`,
        `chunks      ${stats.chunks}`,
        `version     ${stats.version}`,
        `size        ${formatBytes(stats.bytesOnDisk)}`,
        ...(engine
          ? [
              `tables      ${Object.entries(engine.tableBytes)
                .sort((a, b) => b[1] - a[1])
                .map(([table, bytes]) => `${table} ${formatBytes(bytes)}`)
                .join(' · ')}`,
            ]
          : []),
        `bm25        ${describeLanguage(parseLanguageSetting(stats.language) ?? 'none')}`,
        ...languageLines(stats.documentLanguages),
        `embeddings  ${stats.embeddingModel ? `${stats.embeddingModel} (${stats.vectorDimensions} dimensions)` : 'none (BM25 only)'}`,
        `last ingest ${stats.lastIngestAt ?? 'never'}`,
        ...(pending.size
          ? [`pending     ${pending.size} document(s) from an interrupted ingest: run \`knowhow ingest\``]
          : []),
      ].join('\n'),
    };
  });
}
