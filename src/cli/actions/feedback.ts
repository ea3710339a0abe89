import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FEEDBACK_FILE, type ReviewStatus } from '../../core/feedback-types.js';
import {
  describeFeedbackEntry,
  filterByStatus,
  type ReviewDecision,
  readReviewedFeedback,
  recordReviews,
  reviewInteractively,
} from '../../tune/index.js';
import type { CommandContext, CommandResult } from '../output.js';
import { withWorkspace } from './with-workspace.js';

export interface FeedbackReviewOptions {
  approve?: string[];
  reject?: string[];
  status: ReviewStatus | 'all';
  reviewer?: string;
  feedback?: string;
  interactive: boolean;
}

/** Lines from stdin as answers; undefined at the end of input (which quits the review). */
function stdinAsker(write: (text: string) => void): {
  ask: (prompt: string) => Promise<string | undefined>;
  close(): void;
} {
  const lines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  return {
    async ask(prompt) {
      write(prompt);
      const next = await lines.next();
      return next.done ? undefined : String(next.value);
    },
    close: () => void lines.return?.(),
  };
}

export function runFeedbackReview(
  context: CommandContext,
  options: FeedbackReviewOptions,
): Promise<CommandResult> {
  return withWorkspace(context, async (workspace) => {
    const feedbackFile = options.feedback
      ? path.resolve(context.cwd, options.feedback)
      : path.join(workspace.dataDir, FEEDBACK_FILE);
    const reviewer = options.reviewer ?? (os.userInfo().username || 'terminal');
    const decisions: { id: string; decision: ReviewDecision }[] = [
      ...(options.approve ?? []).map((id) => ({ id, decision: 'approved' as const })),
      ...(options.reject ?? []).map((id) => ({ id, decision: 'rejected' as const })),
    ];
    if (decisions.length > 0) {
      const reviewed = await recordReviews({ feedbackFile, decisions, reviewer });
      return {
        data: {
          reviewer,
          reviewed: reviewed.map((entry) => ({ id: entry.id, status: entry.review?.status })),
        },
        text: reviewed.map((entry) => `${entry.review?.status} ${entry.id}`).join('\n'),
      };
    }
    const log = await readReviewedFeedback(feedbackFile);
    for (const problem of log.problems)
      context.info(`skipped: ${feedbackFile}:${problem.line}: ${problem.message}`);
    const entries = filterByStatus(log.entries, options.status);
    const interactive = !context.json && (options.interactive || Boolean(process.stdin.isTTY));
    if (!interactive) {
      return {
        data: { status: options.status, entries },
        text:
          entries.length === 0
            ? `No ${options.status === 'all' ? '' : `${options.status} `}feedback in ${feedbackFile}.`
            : [
                ...entries.map(describeFeedbackEntry),
                '',
                `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}. Decide with --approve <id,…> / --reject <id,…>, or run this on a terminal to go through them one by one.`,
              ].join('\n'),
      };
    }
    const write = (text: string) => context.io.stderr.write(text);
    const asker = stdinAsker(write);
    try {
      const taken = await reviewInteractively({
        entries,
        ask: asker.ask,
        write,
        onDecision: async (decision) => {
          await recordReviews({ feedbackFile, decisions: [decision], reviewer });
        },
      });
      const approved = taken.filter((decision) => decision.decision === 'approved').length;
      return {
        data: {
          reviewer,
          reviewed: taken.map((decision) => ({ id: decision.id, status: decision.decision })),
        },
        text: `${approved} approved, ${taken.length - approved} rejected, ${entries.length - taken.length} left for later.`,
      };
    } finally {
      asker.close();
    }
  });
}
