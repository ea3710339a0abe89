import { FEEDBACK_FILE, type ReviewStatus, reviewStatuses } from '../../core/feedback-types.js';
import type { FeedbackReviewOptions } from '../actions/feedback.js';
import type { CommandSpec } from '../main.js';
import { collectList, parseChoice } from '../parse-options.js';

const statusFilters = [...reviewStatuses, 'all'] as const;

function parseStatus(value: string): ReviewStatus | 'all' {
  return parseChoice(value, '--status', statusFilters);
}

export const feedbackCommand: CommandSpec = {
  name: 'feedback',
  register(program, run) {
    const feedback = program
      .command('feedback')
      .description('review what users sent through `knowhow serve` before it becomes fine-tuning data');
    feedback
      .command('review')
      .description(
        'approve or reject feedback: one by one on a terminal, or with --approve/--reject ids; --json lists entries',
      )
      .option('--approve <ids>', 'approve these entries (comma-separated or repeated)', collectList)
      .option('--reject <ids>', 'reject these entries (comma-separated or repeated)', collectList)
      .option(
        '--status <status>',
        `entries to list or walk: ${statusFilters.join(', ')}`,
        parseStatus,
        'unreviewed',
      )
      .option('--reviewer <name>', 'recorded with each decision (default: your user name)')
      .option('--feedback <file>', `feedback log (default: <dataDir>/${FEEDBACK_FILE})`)
      .option(
        '--interactive',
        'ask about each entry, reading answers from stdin even when it is not a terminal',
        false,
      )
      .action((options: FeedbackReviewOptions) =>
        run(async (context) => (await import('../actions/feedback.js')).runFeedbackReview(context, options)),
      );
  },
};
