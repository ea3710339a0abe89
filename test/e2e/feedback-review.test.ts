import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, parseJson, runCli } from '../helpers/run-cli.js';

/**
 * Issue 10, item 7: a public key's `POST /v1/feedback` with an invented answer went straight into
 * train.jsonl and openai.jsonl. Now it waits for a review (terminal or API), and examples drawn
 * from restricted groups stay out unless --include-groups names them.
 */

const PUBLIC = 'kh-public-0123456789';
const REVIEWER = 'kh-reviewer-0123456789';
const SUPPORT = 'kh-support-0123456789';
const INVENTED = 'Refunds are granted for ninety-nine years, no questions asked.';

let root: string;
let project: string;
let serve: ChildProcess | undefined;

async function startServe(): Promise<string> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {
    cwd: project,
    env: {
      ...process.env,
      KNOWHOW_API_KEYS: `website:${PUBLIC}:public;lead:${REVIEWER}:reviewer;support-bot:${SUPPORT}:support`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve = child;
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (data) => {
      stdout += data;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

async function trainingText(directory: string): Promise<string> {
  const read = (file: string) => readFile(path.join(directory, file), 'utf8');
  return (
    await Promise.all(['train.jsonl', 'validation.jsonl', 'openai.jsonl', 'together.jsonl'].map(read))
  ).join('');
}

interface Prepared {
  directory: string;
  manifest: { groups: string[] };
  dataCard: {
    sources: { feedbackUsed: number; feedbackUnreviewed: number; feedbackRejectedByReviewer: number };
    groups: Record<string, { candidates: number; trained: number; leftOut: number }>;
  };
}

const prepare = async (...extra: string[]) => {
  const result = await runCli(['tune', 'prepare', '--model', 'tiny-model', '--json', ...extra], {
    cwd: project,
  });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return parseJson<Prepared>(result);
};

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-review-'));
  project = path.join(root, 'helpdesk');
  await mkdir(path.join(project, 'docs'), { recursive: true });
  await mkdir(path.join(project, 'cases'), { recursive: true });
  await writeFile(path.join(project, 'knowhow.yaml'), 'project: review\neval:\n  examples: examples.yaml\n');
  await writeFile(path.join(project, 'docs', 'refunds.md'), '# Refunds\n\nRefunds within 30 days.\n');
  await writeFile(
    path.join(project, 'examples.yaml'),
    '- question: Where are invoices?\n  answer: Settings > Billing > Invoices.\n- question: How do I add a seat?\n  answer: Settings > Members > Invite.\n',
  );
  await writeFile(
    path.join(project, 'cases', 'cases.yaml'),
    [
      '- id: eval-1\n  question: What is the refund window?\n  answer: 30 days.\n',
      '- id: runbook\n  question: Who handles disputed refunds after hours?\n  answer: The on-call support lead.\n  split: train\n  user: { groups: [support] }\n',
    ].join(''),
  );
  const ingest = await runCli(['ingest', '-q'], { cwd: project });
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  serve?.kill('SIGTERM');
  await rm(root, { recursive: true, force: true });
});

describe('feedback review before fine-tuning', () => {
  let inventedId: string;
  let supportId: string;

  it('keeps a public key’s invented answer out of the training files until a reviewer approves it', async () => {
    const url = await startServe();
    const post = async (key: string, body: object) => {
      const response = await fetch(`${url}/v1/feedback`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    inventedId = await post(PUBLIC, {
      rating: 'up',
      question: 'How long is the refund window?',
      answer: INVENTED,
    });
    await post(REVIEWER, {
      rating: 'up',
      question: 'Can I pay by invoice?',
      answer: 'Yes, on annual plans.',
    });
    supportId = await post(SUPPORT, {
      rating: 'up',
      question: 'Escalation path?',
      answer: 'Page the support lead.',
    });

    // The dashboard's review panel: what waits, as a reviewer sees it; a public key may not look.
    const list = (key: string) =>
      fetch(`${url}/v1/feedback?status=unreviewed`, { headers: { authorization: `Bearer ${key}` } });
    expect((await list(PUBLIC)).status).toBe(403);
    const waiting = (await (await list(REVIEWER)).json()) as { data: { id: string }[] };
    expect(waiting.data.map((entry) => entry.id)).toEqual([inventedId]);
    serve?.kill('SIGTERM');

    const first = await prepare();
    expect(first.dataCard.sources).toMatchObject({ feedbackUsed: 1, feedbackUnreviewed: 2 });
    const text = await trainingText(first.directory);
    expect(text).not.toContain('ninety-nine years');
    expect(text).toContain('annual plans');
  }, 90_000);

  it('lists and decides on the terminal: --json, --approve, and one by one (--interactive)', async () => {
    const listed = parseJson<{ entries: { id: string }[] }>(
      await runCli(['feedback', 'review', '--json'], { cwd: project }),
    );
    expect(listed.entries.map((entry) => entry.id).sort()).toEqual([inventedId, supportId].sort());
    const text = await runCli(['feedback', 'review'], { cwd: project });
    expect(text.stdout).toContain('ninety-nine years');
    expect(text.stdout).toContain('--approve');

    const unknown = await runCli(['feedback', 'review', '--approve', 'nope'], { cwd: project });
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('"nope"');

    // One by one, in log order: nonsense is asked again, the invented answer rejected, the support
    // entry skipped. The --approve below then overrides the rejection: the last decision wins.
    const child = spawn(
      process.execPath,
      [cliPath, 'feedback', 'review', '--interactive', '--reviewer', 'lead'],
      {
        cwd: project,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    child.stdin.end('huh\nr\ns\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('"huh" is not one of a, r, s, q.');
    expect(stdout).toContain('0 approved, 1 rejected, 1 left for later.');

    const approve = await runCli(['feedback', 'review', '--approve', inventedId, '--reviewer', 'lead'], {
      cwd: project,
    });
    expect(approve.code, approve.stderr).toBe(0);
    const after = parseJson<{ entries: { id: string; review: { status: string; reviewer: string } }[] }>(
      await runCli(['feedback', 'review', '--status', 'all', '--json'], { cwd: project }),
    );
    const statuses = Object.fromEntries(after.entries.map((entry) => [entry.id, entry.review.status]));
    expect(statuses[inventedId]).toBe('approved');
    expect(statuses[supportId]).toBe('unreviewed');
    expect(Object.values(statuses).filter((status) => status === 'rejected')).toHaveLength(0);
  }, 90_000);

  it('tune prepare then takes the approved entry; --include-unreviewed takes the rest; restricted groups stay out unless named', async () => {
    const approved = await prepare();
    expect(await trainingText(approved.directory)).toContain('ninety-nine years');
    // The support case and the support key's feedback: restricted to "support".
    expect(approved.dataCard.groups.support).toEqual({ candidates: 1, trained: 0, leftOut: 1 });
    expect(approved.manifest.groups).toEqual([]);

    const everything = await prepare('--include-unreviewed', '--include-groups', 'support');
    expect(everything.dataCard.sources.feedbackUnreviewed).toBe(0);
    expect(everything.dataCard.groups.support).toEqual({ candidates: 2, trained: 2, leftOut: 0 });
    expect(everything.manifest.groups).toEqual(['support']);
    const text = await trainingText(everything.directory);
    expect(text).toContain('on-call support lead');
    expect(text).toContain('Page the support lead');
  }, 90_000);
});
