import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failureOf } from '../../../test/helpers/expect-failure.js';
import { readDrafts, setDraftStatus, writeDrafts } from './drafts-file.js';
import { draftsFromFeedback } from './drafts-from-feedback.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'knowhow-drafts-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const draft = {
  id: 'draft-refunds-0',
  question: 'Can I still get my money back after three weeks?',
  answer: 'Yes, within 30 days of purchase.',
  facts: ['30 days'],
  sources: ['billing/refunds.md'],
  user: { groups: ['public'] },
  tags: ['drafted'],
  status: 'draft' as const,
  drafter: 'extractive',
  passage: 'billing/refunds.md#0',
};

describe('drafts file', () => {
  it('accepts and rejects by id, keeping a reviewer’s comments and edits', async () => {
    const file = await writeDrafts({ folder, drafts: [draft, { ...draft, id: 'draft-refunds-1' }] });
    const edited = (await readFile(file, 'utf8')).replace(
      'question: Can I still get my money back after three weeks?',
      '# reworded by hand\n  question: Is a refund possible three weeks after buying?',
    );
    await writeFile(file, edited);
    const reviewed = await setDraftStatus({
      folder,
      decisions: [
        { id: 'draft-refunds-0', status: 'accepted' },
        { id: 'draft-refunds-1', status: 'rejected' },
      ],
    });
    expect(reviewed.map((entry) => [entry.id, entry.status])).toEqual([
      ['draft-refunds-0', 'accepted'],
      ['draft-refunds-1', 'rejected'],
    ]);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# reworded by hand');
    expect((await readDrafts(folder)).map((entry) => [entry.question, entry.status])).toEqual([
      ['Is a refund possible three weeks after buying?', 'accepted'],
      ['Can I still get my money back after three weeks?', 'rejected'],
    ]);
  });

  it('names unknown ids and writes nothing', async () => {
    const file = await writeDrafts({ folder, drafts: [draft] });
    const before = await readFile(file, 'utf8');
    const error = await failureOf(
      setDraftStatus({
        folder,
        decisions: [
          { id: 'draft-refunds-0', status: 'accepted' },
          { id: 'nope', status: 'accepted' },
        ],
      }),
    );
    expect(error.message).toContain('"nope"');
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('draftsFromFeedback', () => {
  it('drafts down-rated and corrected questions, with the correction as the reference, skipping covered ones', () => {
    const base = { createdAt: '2026-12-01T00:00:00Z', answer: 'shown answer', groups: ['support'] };
    const result = draftsFromFeedback({
      entries: [
        { ...base, id: 'fb1', rating: 'up', question: 'Where is the invoice?' },
        { ...base, id: 'fb2', rating: 'down', question: 'How do I rotate an API key?' },
        {
          ...base,
          id: 'fb3',
          rating: 'up',
          question: 'What is the refund window?',
          correctedAnswer: '30 days.',
        },
        { ...base, id: 'fb4', rating: 'down', question: 'How long do customers have to ask for a refund?' },
      ],
      existing: [{ id: 'refund-window', question: 'How long do customers have to ask for a refund?' }],
    });
    expect(result.drafts.map((entry) => [entry.id, entry.answer, entry.user.groups, entry.drafter])).toEqual([
      ['feedback-fb2', undefined, ['support'], 'feedback'],
      ['feedback-fb3', '30 days.', ['support'], 'feedback'],
    ]);
    expect(result.skipped).toEqual([
      { feedback: 'fb4', detail: 'question already covered by case "refund-window"' },
    ]);
  });
});
