import type { Context } from 'hono';
import { z } from 'zod';
import { KnowhowError } from '../core/errors.js';
import { type FeedbackEntry, reviewStatuses } from '../core/feedback-types.js';
import {
  feedbackGroupsOf,
  filterByStatus,
  readReviewedFeedback,
  recordReviews,
} from '../tune/feedback-review.js';
import type { Principal } from './api-keys.js';
import { fieldError } from './error-response.js';
import { parseRequest } from './parse-request.js';
import { readJsonBody } from './read-body.js';
import type { ServeEnv, ServeRuntime } from './serve-runtime.js';

/**
 * The review step over HTTP, for the dashboard: `GET /v1/feedback?status=` lists entries,
 * `POST /v1/feedback/:id/review {"decision": "approve" | "reject"}` decides one. Reviewer and
 * admin keys only; a reviewer sees feedback only from keys whose groups it may read itself.
 */

export const reviewRequestSchema = z.strictObject({ decision: z.enum(['approve', 'reject']) });

const statusFilters = [...reviewStatuses, 'all'] as const;

function requireReviewer(principal: Principal): void {
  if (!principal.isReviewer) {
    throw new KnowhowError('FORBIDDEN', 'This key may not review feedback.', {
      hint: 'Use a key whose groups include "reviewer" or "admin" (serve.keys in knowhow.yaml).',
    });
  }
}

/** Admin keys and the local operator see everything; a reviewer sees what its groups may read. */
function visibleTo(principal: Principal): (entry: FeedbackEntry) => boolean {
  if (principal.isAdmin || principal.reader.kind === 'all') return () => true;
  return (entry) => feedbackGroupsOf(entry).every((group) => principal.groups.includes(group));
}

export function toFeedbackJson(entry: FeedbackEntry): Record<string, unknown> {
  return {
    object: 'feedback',
    id: entry.id,
    created_at: entry.createdAt,
    rating: entry.rating,
    question: entry.question,
    answer: entry.answer,
    ...(entry.correctedAnswer === undefined ? {} : { corrected_answer: entry.correctedAnswer }),
    ...(entry.comment === undefined ? {} : { comment: entry.comment }),
    ...(entry.citedChunkIds === undefined ? {} : { cited_chunk_ids: entry.citedChunkIds }),
    ...(entry.model === undefined ? {} : { model: entry.model }),
    ...(entry.architecture === undefined ? {} : { architecture: entry.architecture }),
    ...(entry.runId === undefined ? {} : { run_id: entry.runId }),
    ...(entry.caseId === undefined ? {} : { case_id: entry.caseId }),
    ...(entry.keyName === undefined ? {} : { key_name: entry.keyName }),
    groups: entry.groups,
    review: {
      status: entry.review?.status ?? 'unreviewed',
      ...(entry.review?.reviewer === undefined ? {} : { reviewer: entry.review.reviewer }),
      ...(entry.review?.reviewedAt === undefined ? {} : { reviewed_at: entry.review.reviewedAt }),
    },
  };
}

export async function listFeedback(c: Context<ServeEnv>, runtime: ServeRuntime): Promise<Response> {
  const principal = c.get('principal');
  requireReviewer(principal);
  const status = c.req.query('status') ?? 'unreviewed';
  if (!(statusFilters as readonly string[]).includes(status)) {
    throw fieldError(
      'INPUT_INVALID',
      'status',
      `feedback: "status" must be one of ${statusFilters.join(', ')}, not "${status}".`,
      'Omit it for the entries waiting for a review.',
    );
  }
  const { entries } = await readReviewedFeedback(runtime.dependencies.feedbackFile);
  const shown = filterByStatus(entries, status as (typeof statusFilters)[number]).filter(
    visibleTo(principal),
  );
  return c.json({ object: 'list', status, data: shown.map(toFeedbackJson) });
}

export async function reviewFeedback(c: Context<ServeEnv>, runtime: ServeRuntime): Promise<Response> {
  const principal = c.get('principal');
  requireReviewer(principal);
  const request = parseRequest(
    reviewRequestSchema,
    await readJsonBody(c.req.raw, runtime.maxBodyBytes),
    'review',
  );
  const id = c.req.param('id') ?? '';
  // One decision at a time: two reviewers deciding at once append two lines; the last one wins.
  const [entry] = await runtime.exclusive(() =>
    recordReviews({
      feedbackFile: runtime.dependencies.feedbackFile,
      decisions: [{ id, decision: request.decision === 'approve' ? 'approved' : 'rejected' }],
      reviewer: principal.keyName,
      now: () => new Date(runtime.now()),
      visible: visibleTo(principal),
    }),
  );
  return c.json({
    object: 'feedback.review',
    id,
    status: entry?.review?.status,
    reviewer: entry?.review?.reviewer,
    reviewed_at: entry?.review?.reviewedAt,
  });
}
