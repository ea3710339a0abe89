import { type RetrievalMode, readerForGroups } from '../../core/types.js';
import { formatPassageHeader } from '../../generate/index.js';
import { findSnippet, markSnippet, retrieveWithSettings } from '../../retrieve/index.js';
import type { CommandSpec } from '../main.js';
import { openStore, openWorkspace } from '../open-workspace.js';
import { collectList, parsePositiveInteger } from '../parse-options.js';
import { createEmbedder, createReranker } from '../select-providers.js';

export const searchCommand: CommandSpec = {
  register(program, run) {
    program
      .command('search')
      .description('find the passages for a query (BM25, dense or hybrid), filtered by access group')
      .argument('<query>', 'what to search for')
      .option('-k, --k <n>', 'number of results', (value) => parsePositiveInteger(value, '--k'))
      .option(
        '--as <groups>',
        'search as a reader in these groups (default: the operator, who sees everything)',
        collectList,
      )
      .option('--mode <mode>', 'bm25 | dense | hybrid (default: retrieve.mode)')
      .action((query: string, options: { k?: number; as?: string[]; mode?: RetrievalMode }) =>
        run(async (context) => {
          const workspace = await openWorkspace(context);
          const embedder = await createEmbedder(workspace);
          const reranker = await createReranker(workspace);
          const store = await openStore(workspace);
          try {
            const result = await retrieveWithSettings({
              store,
              query,
              reader: readerForGroups(options.as),
              settings: workspace.config.retrieve,
              ...(options.k ? { k: options.k } : {}),
              ...(options.mode ? { mode: options.mode } : {}),
              ...(embedder ? { embedder } : {}),
              ...(reranker ? { reranker } : {}),
            });
            // Matched words in bold on a terminal; plain text when piped or NO_COLOR is set.
            const bold = Boolean(context.io.stdout.isTTY) && !process.env.NO_COLOR;
            const snippets = result.hits.map((hit) =>
              findSnippet(hit.chunk.text, query, { language: hit.chunk.language ?? store.language }),
            );
            const text = result.hits.length
              ? result.hits
                  .map((hit, i) => {
                    const restricted = hit.chunk.groups.some((group) => group !== 'public')
                      ? ` [${hit.chunk.groups.join(', ')}]`
                      : '';
                    const snippet = snippets[i] ?? { text: '', highlights: [] };
                    const shown = bold ? markSnippet(snippet, '\u001b[1m', '\u001b[22m') : snippet.text;
                    return `${hit.rank}. ${formatPassageHeader(hit.chunk.title, hit.chunk.headingPath)}  (${hit.chunk.documentId} @${hit.chunk.start}-${hit.chunk.end}, score ${hit.score.toFixed(3)})${restricted}\n   ${shown}`;
                  })
                  .join('\n')
              : 'No passages found.';
            return {
              data: {
                query,
                mode: result.mode,
                reranked: result.reranked,
                timings: result.timings,
                hits: result.hits.map((hit, i) => ({
                  rank: hit.rank,
                  score: hit.score,
                  ...hit.chunk,
                  snippet: snippets[i]?.text ?? '',
                })),
              },
              text,
            };
          } finally {
            await store.close();
          }
        }),
      );
  },
};
