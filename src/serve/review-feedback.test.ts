import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedbackEntry } from '../core/feedback-types.js';
import { createExtractiveLanguageModel } from '../providers/extractive/index.js';
import { readReviewedFeedback } from '../tune/feedback-review.js';
import {
  ADMIN_KEY,
  bearer,
  buildTestApp,
  PUBLIC_KEY,
  postJson,
  REVIEWER_KEY,
  SUPPORT_KEY,
  type TestApp,
} from './__fixtures__/build-test-app.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely.
type Json = any;

const apps: TestApp[] = [];
afterEach(async () => {
  for (const built of apps.splice(0)) await built.cleanup();
});
async function setUp(keys = [PUBLIC_KEY, SUPPORT_KEY, REVIEWER_KEY, ADMIN_KEY]): Promise<TestApp> {
  const built = await buildTestApp({ keys });
  apps.push(built);
  return built;
}

const invented = {
  rating: 'up',
  question: 'What is the refund window?',
  answer: 'Refunds are granted forever.',
};

async function send(built: TestApp, key: typeof PUBLIC_KEY, body: object = invented): Promise<string> {
  const response = await built.app.request('/v1/feedback', postJson(body, bearer(key)));
  expect(response.status).toBe(201);
  return ((await response.json()) as Json).id;
}

async function stored(built: TestApp): Promise<FeedbackEntry[]> {
  return (await readReviewedFeedback(built.feedbackFile)).entries;
}

describe('feedback needs a review before it is training data', () => {
  it('stores feedback from keys without a reviewer role as unreviewed, a reviewer’s as approved', async () => {
    const built = await setUp();
    const publicId = await send(built, PUBLIC_KEY);
    const reviewerId = await send(built, REVIEWER_KEY);
    const entries = await stored(built);
    expect(entries.find((entry) => entry.id === publicId)?.review).toEqual({ status: 'unreviewed' });
    expect(entries.find((entry) => entry.id === reviewerId)?.review).toMatchObject({
      status: 'approved',
      reviewer: 'lead',
    });
    expect(await readFile(built.feedbackFile, 'utf8')).toContain('"status":"unreviewed"');
  });

  it('lists feedback by status for reviewer and admin keys only', async () => {
    const built = await setUp();
    const publicId = await send(built, PUBLIC_KEY);
    await send(built, REVIEWER_KEY);
    const supportId = await send(built, SUPPORT_KEY, { ...invented, question: 'Runbook escalation?' });
    const list = async (key: typeof PUBLIC_KEY, query = '?status=unreviewed') =>
      built.app.request(`/v1/feedback${query}`, { headers: bearer(key) });

    expect((await list(PUBLIC_KEY)).status).toBe(403);
    expect((await list(SUPPORT_KEY)).status).toBe(403);
    const asAdmin: Json = await (await list(ADMIN_KEY)).json();
    expect(asAdmin.object).toBe('list');
    expect(asAdmin.data.map((entry: Json) => entry.id).sort()).toEqual([publicId, supportId].sort());
    expect(asAdmin.data[0]).toMatchObject({ object: 'feedback', review: { status: 'unreviewed' } });
    // A reviewer without the support group does not see what a support key sent.
    const asReviewer: Json = await (await list(REVIEWER_KEY)).json();
    expect(asReviewer.data.map((entry: Json) => entry.id)).toEqual([publicId]);
    const all: Json = await (await list(ADMIN_KEY, '?status=all')).json();
    expect(all.data).toHaveLength(3);
    const bad = await list(ADMIN_KEY, '?status=pending');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error.message).toContain('unreviewed, approved, rejected, all');
  });

  it('approves and rejects through POST /v1/feedback/:id/review', async () => {
    const built = await setUp();
    const first = await send(built, PUBLIC_KEY);
    const second = await send(built, PUBLIC_KEY, { ...invented, question: 'Second?' });
    const review = (key: typeof PUBLIC_KEY, id: string, decision: string) =>
      built.app.request(`/v1/feedback/${id}/review`, postJson({ decision }, bearer(key)));

    expect((await review(PUBLIC_KEY, first, 'approve')).status).toBe(403);
    const approved = await review(REVIEWER_KEY, first, 'approve');
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({
      object: 'feedback.review',
      id: first,
      status: 'approved',
      reviewer: 'lead',
      reviewed_at: expect.any(String),
    });
    expect((await review(ADMIN_KEY, second, 'reject')).status).toBe(200);
    expect((await review(ADMIN_KEY, 'no-such-id', 'approve')).status).toBe(404);
    const invalid = await review(ADMIN_KEY, second, 'maybe');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Json).error.param).toBe('decision');

    const entries = await stored(built);
    expect(entries.map((entry) => [entry.id, entry.review?.status])).toEqual([
      [first, 'approved'],
      [second, 'rejected'],
    ]);
  });

  it('lets the keyless local operator list and review', async () => {
    const built = await setUp([]);
    const response = await built.app.request('/v1/feedback', postJson({ ...invented, question: 'Local?' }));
    const id = ((await response.json()) as Json).id;
    const listed: Json = await (await built.app.request('/v1/feedback?status=approved')).json();
    expect(listed.data.map((entry: Json) => entry.id)).toEqual([id]);
  });
});

describe('a tuned model trained on restricted data', () => {
  it('is offered only to keys that may read every group its data came from', async () => {
    const built = await buildTestApp({
      keys: [PUBLIC_KEY, SUPPORT_KEY, ADMIN_KEY],
      overrides: {
        models: {
          answer: createExtractiveLanguageModel(),
          tuned: createExtractiveLanguageModel(),
          tunedGroups: ['support'],
        },
      },
    });
    apps.push(built);
    const models = async (key: typeof PUBLIC_KEY) =>
      ((await (await built.app.request('/v1/models', { headers: bearer(key) })).json()) as Json).data.map(
        (model: Json) => model.id,
      );
    expect(await models(SUPPORT_KEY)).toEqual(['rag', 'prompt', 'long-context', 'tuned', 'hybrid']);
    expect(await models(PUBLIC_KEY)).toEqual(['rag', 'prompt', 'long-context']);
    // Admin is a role, not a reader of support documents.
    expect(await models(ADMIN_KEY)).toEqual(['rag', 'prompt', 'long-context']);
    const ask = (key: typeof PUBLIC_KEY, model: string) =>
      built.app.request(
        '/v1/chat/completions',
        postJson({ model, messages: [{ role: 'user', content: 'refund?' }] }, bearer(key)),
      );
    const refused = await ask(PUBLIC_KEY, 'tuned');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).error.message).toContain('support');
    expect((await ask(PUBLIC_KEY, 'hybrid')).status).toBe(403);
    expect((await ask(SUPPORT_KEY, 'tuned')).status).toBe(200);
    expect((await built.app.request('/v1/models/tuned', { headers: bearer(PUBLIC_KEY) })).status).toBe(403);
  });
});
