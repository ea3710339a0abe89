import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedbackEntry } from '../core/feedback-types.js';
import {
  feedbackGroupsOf,
  filterByStatus,
  readReviewedFeedback,
  recordReviews,
  reviewInteractively,
  reviewsFileFor,
} from './feedback-review.js';

let directory: string;
let feedbackFile: string;

const entry = (id: string, fields: Partial<FeedbackEntry> = {}): FeedbackEntry => ({
  id,
  createdAt: '2026-11-01T00:00:00Z',
  rating: 'up',
  question: `Question ${id}?`,
  answer: `Answer ${id}.`,
  groups: [],
  keyName: 'website',
  ...fields,
});

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-review-'));
  feedbackFile = path.join(directory, 'feedback.jsonl');
  await writeFile(
    feedbackFile,
    [
      entry('old'),
      entry('public', { review: { status: 'unreviewed' } }),
      entry('mine', { keyName: 'lead', review: { status: 'approved', reviewer: 'lead', reviewedAt: 'x' } }),
      entry('support', { groups: ['support', 'reviewer'], review: { status: 'unreviewed' } }),
    ]
      .map((line) => JSON.stringify(line))
      .join('\n'),
  );
});
afterEach(async () => rm(directory, { recursive: true, force: true }));

describe('feedback review', () => {
  it('treats entries without a review as unreviewed and applies the last decision per id', async () => {
    let log = await readReviewedFeedback(feedbackFile);
    expect(filterByStatus(log.entries, 'unreviewed').map((e) => e.id)).toEqual(['old', 'public', 'support']);
    await recordReviews({
      feedbackFile,
      decisions: [
        { id: 'public', decision: 'rejected' },
        { id: 'old', decision: 'approved' },
      ],
      reviewer: 'lead',
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    await recordReviews({
      feedbackFile,
      decisions: [{ id: 'public', decision: 'approved' }],
      reviewer: 'ops',
    });
    log = await readReviewedFeedback(feedbackFile);
    expect(filterByStatus(log.entries, 'approved').map((e) => e.id)).toEqual(['old', 'public', 'mine']);
    expect(log.entries.find((e) => e.id === 'old')?.review).toEqual({
      status: 'approved',
      reviewer: 'lead',
      reviewedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(log.entries.find((e) => e.id === 'public')?.review?.reviewer).toBe('ops');
    // The feedback log itself stays append-only and untouched.
    expect(await readFile(feedbackFile, 'utf8')).not.toContain('ops');
  });

  it('records nothing when any id is unknown, and skips a torn decision line', async () => {
    await expect(
      recordReviews({
        feedbackFile,
        decisions: [
          { id: 'old', decision: 'approved' },
          { id: 'nope', decision: 'approved' },
        ],
        reviewer: 'lead',
      }),
    ).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND', message: expect.stringContaining('"nope"') });
    await writeFile(reviewsFileFor(feedbackFile), '{"feedbackId":"old","status":"appr');
    const log = await readReviewedFeedback(feedbackFile);
    expect(filterByStatus(log.entries, 'approved').map((e) => e.id)).toEqual(['mine']);
    expect(log.problems).toHaveLength(1);
  });

  it('reads an entry’s groups as data groups, roles left out', () => {
    expect(feedbackGroupsOf({ groups: ['Support', 'reviewer', 'admin', 'public'] })).toEqual(['support']);
  });

  it('walks entries interactively: approve, reject, skip, re-ask on nonsense, quit', async () => {
    const answers = ['a', 'what', 'r', '', 'q'];
    const written: string[] = [];
    const decisions = await reviewInteractively({
      entries: [entry('one'), entry('two'), entry('three'), entry('four'), entry('five')],
      ask: async () => answers.shift(),
      write: (text) => written.push(text),
    });
    expect(decisions).toEqual([
      { id: 'one', decision: 'approved' },
      { id: 'two', decision: 'rejected' },
    ]);
    expect(written.join('')).toContain('"what" is not one of a, r, s, q.');
    expect(written.join('')).toContain('(4/5) four');
  });
});
