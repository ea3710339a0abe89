import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, repositoryRoot, runCli } from '../helpers/run-cli.js';

/**
 * Issue 15, part 1, on the bundled example without a model: `cases draft` writes extractive
 * drafts (labelled), restricted documents keep their groups as the reader, `cases review`
 * accepts and rejects by id, and only accepted drafts are evaluated.
 */

let root: string;
let project: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-cases-draft-'));
  project = path.join(root, 'helpdesk');
  await cp(path.join(repositoryRoot, 'examples', 'helpdesk'), project, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('.knowhow'),
  });
  const ingest = await runCli(['ingest', '--json'], { cwd: project });
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Drafted {
  drafter: string;
  file: string;
  drafted: {
    id: string;
    sources: string[];
    user: { groups: string[] };
    facts: string[];
    answer: string;
    status: string;
  }[];
}

describe('knowhow cases draft / review on the bundled example (no model)', () => {
  it('drafts, reviews, and evaluates only the accepted drafts', async () => {
    const draft = await runCli(['cases', 'draft', '--n', '60', '--tags', 'drafted-e2e', '--json'], {
      cwd: project,
    });
    expect(draft.code, draft.stderr).toBe(0);
    const drafted = parseJson<Drafted>(draft);
    expect(drafted.drafter).toBe('extractive');
    expect(drafted.file).toMatch(/^cases\/drafts\/drafts-.*\.yaml$/);
    expect(drafted.drafted.length).toBeGreaterThanOrEqual(30);
    for (const entry of drafted.drafted) {
      expect(entry.status).toBe('draft');
      // Every fact is a figure or term quoted from the answer sentence, itself from the passage.
      for (const fact of entry.facts) expect(entry.answer).toContain(fact);
    }
    const internal = drafted.drafted.filter((entry) => entry.sources[0]?.startsWith('internal/'));
    expect(internal.length).toBeGreaterThan(0);
    for (const entry of internal) expect(entry.user.groups).not.toEqual(['public']);

    // A second run finds the same passages' questions already drafted: none are repeated.
    const again = parseJson<Drafted>(
      await runCli(['cases', 'draft', '--n', '5', '--json'], { cwd: project }),
    );
    const firstQuestions = new Set(drafted.drafted.map((entry) => entry.id));
    expect(again.drafted.filter((entry) => firstQuestions.has(entry.id))).toEqual([]);

    const [first, second, third] = drafted.drafted;
    const review = await runCli(
      ['cases', 'review', '--accept', `${first?.id},${second?.id}`, '--reject', String(third?.id), '--json'],
      { cwd: project },
    );
    expect(review.code, review.stderr).toBe(0);
    const reviewed = parseJson<{
      reviewed: { id: string; status: string }[];
      counts: Record<string, number>;
    }>(review);
    expect(reviewed.reviewed).toEqual([
      { id: first?.id, status: 'accepted' },
      { id: second?.id, status: 'accepted' },
      { id: third?.id, status: 'rejected' },
    ]);
    const total = drafted.drafted.length + again.drafted.length;
    expect(reviewed.counts).toEqual({ draft: total - 3, accepted: 2, rejected: 1 });

    const unknown = await runCli(['cases', 'review', '--accept', 'no-such-draft'], { cwd: project });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('"no-such-draft"');

    const evaluated = await runCli(['eval', '--variants', 'prompt', '--json'], { cwd: project });
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const run = parseJson<{ directory: string; drafts: Record<string, number> }>(evaluated);
    expect(run.drafts).toEqual({ draft: total - 3, accepted: 2, rejected: 1 });
    const rows = (await readFile(path.join(run.directory, 'rows.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { caseId: string }).caseId);
    expect(rows).toContain(first?.id);
    expect(rows).toContain(second?.id);
    expect(rows).not.toContain(third?.id);
    expect(rows.filter((caseId) => caseId.startsWith('draft-'))).toHaveLength(2);
    const plain = await runCli(['eval', '--variants', 'prompt'], { cwd: project });
    expect(plain.stderr).toContain(
      `${total} drafted cases: 2 accepted (evaluated), ${total - 3} awaiting review`,
    );
  }, 120_000);
});
