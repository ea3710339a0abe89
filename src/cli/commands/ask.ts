import type { RetrievalMode } from '../../core/types.js';
import type { CommandSpec } from '../main.js';
import { collectList, parsePositiveInteger, parseRetrievalMode } from '../parse-options.js';

export interface AskCommandOptions {
  k?: number;
  as?: string[];
  mode?: RetrievalMode;
  stream: boolean;
}

export const askCommand: CommandSpec = {
  name: 'ask',
  register(program, run) {
    program
      .command('ask')
      .description('answer a question from the indexed documents, with numbered citations')
      .argument('<question>', 'the question')
      .option('-k, --k <n>', 'passages to retrieve', (value) => parsePositiveInteger(value, '--k'))
      .option('--as <groups>', 'ask as a reader in these groups', collectList)
      .option('--mode <mode>', 'bm25 | dense | hybrid', parseRetrievalMode)
      .option('--no-stream', 'print the answer only when complete')
      .action((question: string, options: AskCommandOptions) =>
        run(async (context) => (await import('../actions/ask.js')).runAsk(context, question, options)),
      );
  },
};
