import type { CasesDraftOptions, CasesFromFeedbackOptions, CasesReviewOptions } from '../actions/cases.js';
import type { CommandSpec } from '../main.js';
import { collectList, parsePositiveInteger } from '../parse-options.js';

export const casesCommand: CommandSpec = {
  name: 'cases',
  register(program, run) {
    const cases = program
      .command('cases')
      .description(
        'draft test cases from your documents or feedback, and review them before they are evaluated',
      );
    cases
      .command('draft')
      .description(
        'draft cases from passages spread over the indexed documents into <cases>/drafts/ (status: draft)',
      )
      .option('--n <count>', 'cases to draft', (value) => parsePositiveInteger(value, '--n'), 60)
      .option('--tags <tags>', 'tags written on every draft (comma-separated or repeated)', collectList)
      .option(
        '--drafter <kind>',
        'auto (the judge model, else a generative answer model, else extractive) | model | extractive',
        'auto',
      )
      .action((options: CasesDraftOptions) =>
        run(async (context) => (await import('../actions/cases.js')).runCasesDraft(context, options)),
      );
    cases
      .command('review')
      .description('list drafted cases, or --accept/--reject ids (only accepted drafts are evaluated)')
      .option('--accept <ids>', 'accept these drafts (comma-separated or repeated)', collectList)
      .option('--reject <ids>', 'reject these drafts (comma-separated or repeated)', collectList)
      .option('--all', 'list every draft, not only those awaiting review', false)
      .action((options: CasesReviewOptions) =>
        run(async (context) => (await import('../actions/cases.js')).runCasesReview(context, options)),
      );
    cases
      .command('from-feedback')
      .description('turn served answers rated down or corrected into drafts (the correction as reference)')
      .option('--feedback <file>', 'feedback log (default: <dataDir>/feedback.jsonl)')
      .option('--tags <tags>', 'tags written on every draft', collectList)
      .action((options: CasesFromFeedbackOptions) =>
        run(async (context) => (await import('../actions/cases.js')).runCasesFromFeedback(context, options)),
      );
  },
};
