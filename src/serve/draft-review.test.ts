import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCases } from '../eval/index.js';
import {
  ADMIN_KEY,
  bearer,
  buildTestApp,
  PUBLIC_KEY,
  postJson,
  REVIEWER_KEY,
  type TestApp,
} from './__fixtures__/build-test-app.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely.
type Json = any;

const apps: TestApp[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const built of apps.splice(0)) await built.cleanup();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

const draftsYaml = `# reviewer notes stay
- id: draft-refunds
  question: How long is the refund window?
  answer: 30 days.
  facts: ["30 days"]
  sources: [billing/refunds.md]
  status: draft
  drafter: extractive
- id: draft-runbook
  question: Who handles disputes?
  answer: The duty manager.
  facts: ["duty manager"]
  sources: [internal/escalation.md]
  user: { groups: [support] }
  status: draft
`;

async function setUp(): Promise<{ built: TestApp; cases: string; file: string }> {
  const cases = path.join(await mkdtemp(path.join(os.tmpdir(), 'knowhow-drafts-')), 'cases');
  const built = await buildTestApp({
    keys: [PUBLIC_KEY, REVIEWER_KEY, ADMIN_KEY],
    overrides: { casesDirectory: cases },
  });
  apps.push(built);
  folders.push(path.dirname(cases));
  await mkdir(path.join(cases, 'drafts'), { recursive: true });
  const file = path.join(cases, 'drafts', 'drafts-1.yaml');
  await writeFile(file, draftsYaml);
  return { built, cases, file };
}

describe('reviewing drafted cases over the API (the dashboard Review tab)', () => {
  it('lists drafts to reviewer and admin keys only, hiding a restricted draft from a reviewer outside its groups', async () => {
    const { built } = await setUp();
    const list = (key: typeof PUBLIC_KEY) => built.app.request('/v1/drafts', { headers: bearer(key) });
    expect((await list(PUBLIC_KEY)).status).toBe(403);
    const asReviewer: Json = await (await list(REVIEWER_KEY)).json();
    expect(asReviewer.data.map((draft: Json) => draft.id)).toEqual(['draft-refunds']);
    const asAdmin: Json = await (await list(ADMIN_KEY)).json();
    expect(asAdmin.data.map((draft: Json) => draft.id)).toEqual(['draft-refunds', 'draft-runbook']);
    expect(asAdmin.data[1]).toMatchObject({ object: 'case.draft', groups: ['support'], status: 'draft' });
  });

  it('accepts with edits into the file (comments kept), so the case is evaluated; rejects; refuses what it may not see', async () => {
    const { built, cases, file } = await setUp();
    const review = (id: string, body: object, key = REVIEWER_KEY) =>
      built.app.request(`/v1/drafts/${id}/review`, postJson(body, bearer(key)));
    const accepted = await review('draft-refunds', {
      status: 'accepted',
      question: 'How many days do customers have to ask for their money back?',
      facts: ['30 days', 'purchase date'],
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', facts: ['30 days', 'purchase date'] });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# reviewer notes stay');
    expect(text).toContain('question: How many days do customers have to ask for their money back?');
    // Hidden from this reviewer: answered as missing, and the file keeps its status.
    expect((await review('draft-runbook', { status: 'rejected' })).status).toBe(404);
    expect((await review('draft-runbook', { status: 'rejected' }, ADMIN_KEY)).status).toBe(200);
    expect((await review('draft-refunds', { status: 'maybe' })).status).toBe(400);
    const loaded = await loadCases({ directory: cases, root: path.dirname(cases) });
    expect(loaded.cases.map((testCase) => testCase.id)).toEqual(['draft-refunds']);
    expect(loaded.cases[0]?.facts).toEqual(['30 days', 'purchase date']);
    expect(loaded.drafts).toMatchObject({ accepted: 1, rejected: 1, draft: 0 });
  });
});
