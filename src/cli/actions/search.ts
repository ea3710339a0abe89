import picocolors from 'picocolors';
import { readerForGroups } from '../../core/types.js';
import { formatPassageHeader } from '../../generate/index.js';
import { findSnippet, markSnippet, requireIndexedDocuments } from '../../retrieve/index.js';
import type { SearchCommandOptions } from '../commands/search.js';
import type { CommandContext, CommandResult } from '../output.js';
import { requireText } from '../parse-options.js';
import { withWorkspace } from './with-workspace.js';

export function runSearch(
  context: CommandContext,
  query: string,
  options: SearchCommandOptions,
): Promise<CommandResult> {
  requireText(query, 'query');
  return withWorkspace(context, async (workspace) => {
    await requireIndexedDocuments(await workspace.store());
    // The CLI user is the operator: without --as, every group is read (the library defaults to public).
    const result = await workspace.search(query, {
      reader: readerForGroups(options.as),
      ...(options.k ? { k: options.k } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
    });
    const store = await workspace.store();
    // Matched words in bold on a terminal; plain text when piped, NO_COLOR or TERM=dumb (context.color).
    const colors = picocolors.createColors(context.color);
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
            const shown = markSnippet(snippet, colors.bold);
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
  });
}
