import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KnowhowError } from '../core/errors.js';
import {
  FEEDBACK_REVIEWS_FILE,
  type FeedbackEntry,
  type ReviewStatus,
  reviewStatusOf,
} from '../core/feedback-types.js';
import type { IndexStore } from '../core/index-store.js';
import { redactSecrets } from '../core/secrets.js';
import { restrictedGroups } from '../core/types.js';
import { type FeedbackLog, readFeedbackLog } from './read-feedback-log.js';

/**
 * The review step between feedback and fine-tuning data. Any key may send feedback, so an
 * invented "accepted" answer must not reach train.jsonl until a reviewer approved it: `knowhow
 * feedback review` on the terminal, or `POST /v1/feedback/:id/review` from the dashboard.
 */

export type ReviewDecision = Exclude<ReviewStatus, 'unreviewed'>;

/** feedback-reviews.jsonl beside the feedback log it reviews. */
export function reviewsFileFor(feedbackFile: string): string {
  return path.join(path.dirname(feedbackFile), FEEDBACK_REVIEWS_FILE);
}

const reviewLineSchema = z.object({
  feedbackId: z.string().min(1),
  status: z.enum(['approved', 'rejected']),
  reviewer: z.string().min(1),
  reviewedAt: z.string().min(1),
});

/** The feedback log with every later review decision applied (the last decision for an id wins). */
export async function readReviewedFeedback(feedbackFile: string): Promise<FeedbackLog> {
  const log = await readFeedbackLog(feedbackFile);
  const reviewsFile = reviewsFileFor(feedbackFile);
  let text = '';
  try {
    text = await readFile(reviewsFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const decisions = new Map<string, z.infer<typeof reviewLineSchema>>();
  const problems = [...log.problems];
  text.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // A torn last line of an interrupted append: that decision was never confirmed to anyone.
      problems.push({ line: index + 1, message: `${FEEDBACK_REVIEWS_FILE}: not valid JSON; skipped` });
      return;
    }
    const parsed = reviewLineSchema.safeParse(value);
    if (parsed.success) decisions.set(parsed.data.feedbackId, parsed.data);
    else
      problems.push({ line: index + 1, message: `${FEEDBACK_REVIEWS_FILE}: not a review decision; skipped` });
  });
  const entries = log.entries.map((entry) => {
    const decision = decisions.get(entry.id);
    if (!decision) return entry;
    return {
      ...entry,
      review: { status: decision.status, reviewer: decision.reviewer, reviewedAt: decision.reviewedAt },
    };
  });
  return { entries, problems };
}

export function filterByStatus(
  entries: readonly FeedbackEntry[],
  status: ReviewStatus | 'all',
): FeedbackEntry[] {
  return status === 'all' ? [...entries] : entries.filter((entry) => reviewStatusOf(entry) === status);
}

/** The document groups an entry's answer may draw on: its key's groups, roles left out. */
export function feedbackGroupsOf(entry: Pick<FeedbackEntry, 'groups'>): string[] {
  return restrictedGroups(entry.groups);
}

/**
 * Records decisions in one append (a crash leaves at most one torn last line, which readers
 * skip). Every id is checked first: an unknown id fails the whole call and records nothing.
 */
export async function recordReviews(options: {
  feedbackFile: string;
  decisions: readonly { id: string; decision: ReviewDecision }[];
  reviewer: string;
  now?: () => Date;
  /** Entries the reviewer may see; an id outside them is "not found" (default: all). */
  visible?: (entry: FeedbackEntry) => boolean;
}): Promise<FeedbackEntry[]> {
  const { entries } = await readReviewedFeedback(options.feedbackFile);
  const visible = options.visible ?? (() => true);
  const byId = new Map(entries.filter(visible).map((entry) => [entry.id, entry]));
  const unknown = options.decisions
    .filter((decision) => !byId.has(decision.id))
    .map((decision) => decision.id);
  if (unknown.length > 0) {
    throw new KnowhowError(
      'INPUT_NOT_FOUND',
      `No feedback entry ${unknown.map((id) => `"${id}"`).join(', ')}; nothing was recorded.`,
      {
        hint: 'List the entries with `knowhow feedback review --json` (or GET /v1/feedback?status=all) and use their ids.',
        details: { param: 'id', unknown },
      },
    );
  }
  const reviewedAt = (options.now ?? (() => new Date()))().toISOString();
  const lines = options.decisions.map((decision) =>
    redactSecrets(
      JSON.stringify({
        feedbackId: decision.id,
        status: decision.decision,
        reviewer: options.reviewer,
        reviewedAt,
      }),
    ),
  );
  if (lines.length > 0) {
    const file = reviewsFileFor(options.feedbackFile);
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${lines.join('\n')}\n`, 'utf8');
  }
  return options.decisions.map((decision) => ({
    ...byId.get(decision.id)!,
    review: { status: decision.decision, reviewer: options.reviewer, reviewedAt },
  }));
}

/**
 * Chunk id → access groups for the chunks feedback answers cited, so that an answer quoting a
 * restricted passage counts as restricted data (ids no longer in the index are skipped).
 */
export async function readCitedChunkGroups(
  store: Pick<IndexStore, 'getChunks'>,
  entries: readonly FeedbackEntry[],
): Promise<Map<string, string[]>> {
  const ids = [...new Set(entries.flatMap((entry) => entry.citedChunkIds ?? []))];
  if (ids.length === 0) return new Map();
  return new Map((await store.getChunks(ids)).map((chunk) => [chunk.id, chunk.groups]));
}

/** A feedback entry as the terminal shows it to a reviewer. */
export function describeFeedbackEntry(entry: FeedbackEntry): string {
  const groups = feedbackGroupsOf(entry);
  const lines = [
    `${entry.id}  ${entry.rating === 'up' ? 'rated good' : 'rated bad'} by ${entry.keyName ?? 'unknown key'}${groups.length ? ` [${groups.join(', ')}]` : ''} · ${entry.createdAt} · ${reviewStatusOf(entry)}`,
    `  Q: ${entry.question}`,
    `  A: ${entry.answer}`,
  ];
  if (entry.correctedAnswer !== undefined) lines.push(`  corrected to: ${entry.correctedAnswer}`);
  if (entry.comment !== undefined) lines.push(`  comment: ${entry.comment}`);
  return lines.join('\n');
}

/**
 * Walks the entries one by one: [a]pprove, [r]eject, [s]kip (also Enter), [q]uit. Returns the
 * decisions taken; anything else typed is asked again.
 */
export async function reviewInteractively(options: {
  entries: readonly FeedbackEntry[];
  ask: (prompt: string) => Promise<string | undefined>;
  write: (text: string) => void;
  /** Called at once for each decision (the CLI records it, so quitting keeps what was decided). */
  onDecision?: (decision: { id: string; decision: ReviewDecision }) => Promise<void>;
}): Promise<{ id: string; decision: ReviewDecision }[]> {
  const decisions: { id: string; decision: ReviewDecision }[] = [];
  for (const [index, entry] of options.entries.entries()) {
    options.write(`\n(${index + 1}/${options.entries.length}) ${describeFeedbackEntry(entry)}\n`);
    for (;;) {
      const answer = await options.ask('[a]pprove, [r]eject, [s]kip, [q]uit? ');
      const choice = (answer ?? 'q').trim().toLowerCase();
      const decision: ReviewDecision | undefined =
        choice === 'a' || choice === 'approve'
          ? 'approved'
          : choice === 'r' || choice === 'reject'
            ? 'rejected'
            : undefined;
      if (decision) {
        decisions.push({ id: entry.id, decision });
        await options.onDecision?.({ id: entry.id, decision });
      } else if (choice === 'q' || choice === 'quit') return decisions;
      else if (choice !== '' && choice !== 's' && choice !== 'skip') {
        options.write(`"${answer?.trim()}" is not one of a, r, s, q.\n`);
        continue;
      }
      break;
    }
  }
  return decisions;
}
