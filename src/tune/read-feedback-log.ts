import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FeedbackEntry } from '../core/feedback-types.js';

/**
 * Reads `<dataDir>/feedback.jsonl` (the format `serve` writes: FeedbackEntry in
 * src/core/feedback-types.ts). A malformed line is reported with its line number and skipped;
 * a missing file simply means no feedback yet.
 */

const feedbackEntrySchema = z.object({
  id: z.string().min(1),
  createdAt: z.string().min(1),
  rating: z.enum(['up', 'down']),
  question: z.string(),
  answer: z.string(),
  correctedAnswer: z.string().optional(),
  comment: z.string().optional(),
  citedChunkIds: z.array(z.string()).optional(),
  model: z.string().optional(),
  architecture: z.string().optional(),
  runId: z.string().optional(),
  caseId: z.string().optional(),
  keyName: z.string().optional(),
  groups: z.array(z.string()).default([]),
  review: z
    .object({
      status: z.enum(['unreviewed', 'approved', 'rejected']),
      reviewer: z.string().optional(),
      reviewedAt: z.string().optional(),
    })
    .optional(),
});

export interface FeedbackProblem {
  line: number;
  message: string;
}

export interface FeedbackLog {
  entries: FeedbackEntry[];
  problems: FeedbackProblem[];
}

export async function readFeedbackLog(file: string): Promise<FeedbackLog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], problems: [] };
    throw error;
  }
  return parseFeedbackLog(text);
}

export function parseFeedbackLog(text: string): FeedbackLog {
  const entries: FeedbackEntry[] = [];
  const problems: FeedbackProblem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not valid JSON (${error instanceof Error ? error.message : error})` });
      return;
    }
    const parsed = feedbackEntrySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({
        line,
        message: `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'does not match the feedback format'}`,
      });
      return;
    }
    // The same entry written twice (a retried request) counts once.
    if (seen.has(parsed.data.id)) return;
    seen.add(parsed.data.id);
    const data = parsed.data;
    entries.push({
      id: data.id,
      createdAt: data.createdAt,
      rating: data.rating,
      question: data.question,
      answer: data.answer,
      groups: data.groups,
      ...(data.correctedAnswer === undefined ? {} : { correctedAnswer: data.correctedAnswer }),
      ...(data.comment === undefined ? {} : { comment: data.comment }),
      ...(data.citedChunkIds === undefined ? {} : { citedChunkIds: data.citedChunkIds }),
      ...(data.model === undefined ? {} : { model: data.model }),
      ...(data.architecture === undefined ? {} : { architecture: data.architecture }),
      ...(data.runId === undefined ? {} : { runId: data.runId }),
      ...(data.caseId === undefined ? {} : { caseId: data.caseId }),
      ...(data.keyName === undefined ? {} : { keyName: data.keyName }),
      ...(data.review === undefined
        ? {}
        : {
            review: {
              status: data.review.status,
              ...(data.review.reviewer === undefined ? {} : { reviewer: data.review.reviewer }),
              ...(data.review.reviewedAt === undefined ? {} : { reviewedAt: data.review.reviewedAt }),
            },
          }),
    });
  });
  return { entries, problems };
}

/**
 * The answer a feedback entry contributes as training data: a correction always wins (the user
 * wrote what the answer should have been); an accepted answer counts as is; a rejected,
 * uncorrected answer teaches nothing and is left out.
 */
export function trainingAnswerOf(entry: FeedbackEntry): string | undefined {
  if (entry.correctedAnswer !== undefined && entry.correctedAnswer.trim() !== '')
    return entry.correctedAnswer;
  if (entry.rating === 'up') return entry.answer;
  return undefined;
}
