import type { Context } from 'hono';
import { z } from 'zod';
import { KnowhowError } from '../core/errors.js';
import { draftsFolder, readDrafts, type StoredDraft, setDraftStatus } from '../eval/drafts/index.js';
import type { Principal } from './api-keys.js';
import { parseRequest } from './parse-request.js';
import { readJsonBody } from './read-body.js';
import type { ServeEnv, ServeRuntime } from './serve-runtime.js';

/**
 * The dashboard's Review tab: drafted test cases (cases/drafts/) listed, accepted, edited or
 * rejected over the API — the same files `knowhow cases review` edits. Reviewer and admin keys
 * only; a reviewer sees a draft of a restricted document only when its groups include the draft's.
 */
export const draftReviewSchema = z.strictObject({
  status: z.enum(['accepted', 'rejected', 'draft']),
  question: z.string().min(1).max(20_000).optional(),
  answer: z.string().max(100_000).optional(),
  facts: z.array(z.string().min(1).max(2_000)).max(100).optional(),
});

export interface DraftJson {
  object: 'case.draft';
  id: string;
  question: string;
  answer: string | null;
  facts: string[];
  sources: string[];
  status: StoredDraft['status'];
  drafter: string | null;
  groups: string[];
}

function toDraftJson(draft: StoredDraft): DraftJson {
  return {
    object: 'case.draft',
    id: draft.id,
    question: draft.question,
    answer: draft.answer ?? null,
    facts: draft.facts,
    sources: draft.sources,
    status: draft.status,
    drafter: draft.drafter ?? null,
    groups: draft.groups,
  };
}

function requireReviewer(principal: Principal): void {
  if (!principal.isReviewer) {
    throw new KnowhowError('FORBIDDEN', 'This key may not review drafted cases.', {
      hint: 'Use a key whose groups include "reviewer" or "admin" (serve.keys in knowhow.yaml).',
    });
  }
}

function mayReview(principal: Principal, draft: StoredDraft): boolean {
  if (principal.isAdmin || principal.reader.kind === 'all') return true;
  return draft.groups.every((group) => principal.groups.includes(group));
}

function folderOf(runtime: ServeRuntime): string {
  const cases = runtime.dependencies.casesDirectory;
  if (!cases) {
    throw new KnowhowError('INPUT_NOT_FOUND', 'This server has no cases folder to review.', {
      hint: 'Start it with `knowhow serve` in a project (eval.cases in knowhow.yaml).',
    });
  }
  return draftsFolder(cases);
}

/** GET /v1/drafts[?status=draft|accepted|rejected|all] (default: draft). */
export async function listDrafts(c: Context<ServeEnv>, runtime: ServeRuntime): Promise<Response> {
  const principal = c.get('principal');
  requireReviewer(principal);
  const status = c.req.query('status') ?? 'draft';
  if (!['draft', 'accepted', 'rejected', 'all'].includes(status)) {
    throw new KnowhowError('INPUT_INVALID', `Unknown status "${status}".`, {
      hint: 'Use status=draft, accepted, rejected or all.',
      details: { param: 'status' },
    });
  }
  const drafts = (await readDrafts(folderOf(runtime))).filter(
    (draft) => (status === 'all' || draft.status === status) && mayReview(principal, draft),
  );
  return c.json({ object: 'list', data: drafts.map(toDraftJson) });
}

/** POST /v1/drafts/:id/review {status, question?, answer?, facts?}: the decision and edits, written into the drafts file. */
export async function reviewDraft(c: Context<ServeEnv>, runtime: ServeRuntime): Promise<Response> {
  const principal = c.get('principal');
  requireReviewer(principal);
  const id = c.req.param('id') ?? '';
  const request = parseRequest(
    draftReviewSchema,
    await readJsonBody(c.req.raw, runtime.maxBodyBytes),
    'draft review',
  );
  const folder = folderOf(runtime);
  const draft = (await readDrafts(folder)).find((candidate) => candidate.id === id);
  // A draft this key may not see is answered like a missing one: its existence is not disclosed.
  if (!draft || !mayReview(principal, draft)) {
    throw new KnowhowError('INPUT_NOT_FOUND', `No drafted case "${id}".`, {
      hint: 'GET /v1/drafts lists the drafts this key may review.',
    });
  }
  const [updated] = await runtime.exclusive(() =>
    setDraftStatus({ folder, decisions: [{ id, ...request }] }),
  );
  return c.json(toDraftJson(updated ?? draft));
}
