import type { RetrievalMode } from '../../core/types.js';
import type { CommandSpec } from '../main.js';
import { collectList, parsePositiveInteger, parseRetrievalMode } from '../parse-options.js';

export interface SearchCommandOptions {
  k?: number;
  as?: string[];
  mode?: RetrievalMode;
}

export const searchCommand: CommandSpec = {
  name: 'search',
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
      .option('--mode <mode>', 'bm25 | dense | hybrid (default: retrieve.mode)', parseRetrievalMode)
      .action((query: string, options: SearchCommandOptions) =>
        run(async (context) => (await import('../actions/search.js')).runSearch(context, query, options)),
      );
  },
};
