import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { FeedbackEntry } from '../core/feedback-types.js';
import { redactSecrets } from '../core/secrets.js';
import type { Principal } from './api-keys.js';
import { describeModel, type ServedModel } from './served-models.js';

const text = (max: number) => z.string().max(max);

export const feedbackRequestSchema = z.strictObject({
  rating: z.enum(['up', 'down']),
  question: text(20_000).min(1),
  answer: text(100_000),
  correctedAnswer: text(100_000).min(1).optional(),
  comment: text(10_000).optional(),
  citedChunkIds: z.array(text(1_000)).max(200).optional(),
  /** The served architecture (rag, tuned…) or any provider:model string. */
  model: text(200).optional(),
  runId: text(200).optional(),
  caseId: text(500).optional(),
});

export type FeedbackRequest = z.output<typeof feedbackRequestSchema>;

/** The log line for a request: the key's name and groups come from authentication, never the body. */
export function buildFeedbackEntry(options: {
  request: FeedbackRequest;
  principal: Principal;
  served: readonly ServedModel[];
  now: number;
}): FeedbackEntry {
  const { request, principal } = options;
  const served = options.served.find((entry) => entry.id === request.model);
  return {
    id: randomUUID(),
    createdAt: new Date(options.now).toISOString(),
    rating: request.rating,
    question: request.question,
    answer: request.answer,
    ...(request.correctedAnswer === undefined ? {} : { correctedAnswer: request.correctedAnswer }),
    ...(request.comment === undefined ? {} : { comment: request.comment }),
    ...(request.citedChunkIds === undefined ? {} : { citedChunkIds: request.citedChunkIds }),
    ...(served
      ? { model: describeModel(served.model), architecture: served.id }
      : request.model === undefined
        ? {}
        : { model: request.model }),
    ...(request.runId === undefined ? {} : { runId: request.runId }),
    ...(request.caseId === undefined ? {} : { caseId: request.caseId }),
    keyName: principal.keyName,
    groups: principal.groups,
    // Only a reviewer's own feedback is training data as sent; anyone else's waits for a review.
    review: principal.isReviewer
      ? { status: 'approved', reviewer: principal.keyName, reviewedAt: new Date(options.now).toISOString() }
      : { status: 'unreviewed' },
  };
}

/**
 * One line per entry, written with a single append: concurrent requests interleave whole lines,
 * and a crash leaves at most one torn last line, which readers skip.
 */
export async function appendFeedback(file: string, entry: FeedbackEntry): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${redactSecrets(JSON.stringify(entry))}\n`, 'utf8');
}
