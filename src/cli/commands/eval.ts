import type { CommandSpec } from '../main.js';
import { collectList, collectValues } from '../parse-options.js';

/** Help for --reporter, shared by eval and diagnose (kept here so registering stays light). */
export const reporterOptionHelp =
  'also write junit, csv or jsonl results into the run folder; name=path writes a copy there too, e.g. junit=reports/junit.xml (repeatable)';

export interface EvalCommandOptions {
  variants?: string[];
  resume?: string | boolean;
  retryErrors: boolean;
  failUnder?: string[];
  reporter?: string[];
}

export const evalCommand: CommandSpec = {
  name: 'eval',
  register(program, run) {
    program
      .command('eval')
      .description(
        'run the test cases through every configured variant (prompt, few-shot, rag, oracle, tuned, hybrid)',
      )
      .option('--variants <names>', 'only these variants (comma-separated)', collectList)
      .option('--resume [run]', 'continue an interrupted run (default: the newest incomplete one)')
      .option('--retry-errors', 'with --resume: run rows again that failed with a model error', false)
      .option(
        '--fail-under <threshold>',
        'exit non-zero below a pass rate: 0.8, rag=0.8, rag.content=0.9 (repeatable)',
        collectList,
      )
      .option('--reporter <name[=path]>', reporterOptionHelp, collectValues)
      .action((options: EvalCommandOptions) =>
        run(async (context) => (await import('../actions/eval.js')).runEvalCommand(context, options)),
      );
  },
};
