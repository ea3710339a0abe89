import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignArm, type Experiment, type ExperimentReport } from '../../src/serve/index.js';
import { cliPath, parseJson, runCli } from '../helpers/run-cli.js';

/**
 * Issue 15, part 3: an A/B experiment on live traffic, driven with the official openai SDK as
 * several users; the report's counts and intervals are checked against a hand computation.
 */

const experiment: Experiment = {
  name: 'rag-vs-prompt',
  arms: [
    { model: 'rag', weight: 1 },
    { model: 'prompt', weight: 1 },
  ],
  level: 0.05,
};
// 12 users split 6 : 6 by the hash (reader-0 … reader-11).
const users = Array.from({ length: 12 }, (_, index) => `reader-${index}`);
const questions = [
  'How long do customers have to ask for a refund?',
  'Where do I turn on two-factor authentication?',
];
/** The scripted ratings: rag answers quote the documents, so its users like them more often. */
const rate = (arm: string, user: number, question: number): 'up' | 'down' =>
  arm === 'rag'
    ? user % 5 === 4 && question === 1
      ? 'down'
      : 'up'
    : (user + question) % 2 === 0
      ? 'up'
      : 'down';

let root: string;
let project: string;
let serve: ChildProcess | undefined;
let url: string;

async function startServe(): Promise<string> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--json'], {
    cwd: project,
    env: { ...process.env, KNOWHOW_API_KEYS: '' },
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

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-ab-'));
  project = path.join(root, 'helpdesk');
  await mkdir(path.join(project, 'docs'), { recursive: true });
  await writeFile(
    path.join(project, 'knowhow.yaml'),
    'project: ab\nserve:\n  experiments:\n    - name: rag-vs-prompt\n      arms:\n        - { model: rag, weight: 1 }\n        - { model: prompt, weight: 1 }\n    - name: rag-vs-long-context\n      arms:\n        - { model: rag, weight: 1 }\n        - { model: long-context, weight: 1 }\n',
  );
  await writeFile(
    path.join(project, 'docs', 'refunds.md'),
    '# Refunds\n\nCustomers can ask for a refund within 30 days of the purchase date.\n',
  );
  await writeFile(
    path.join(project, 'docs', 'security.md'),
    '# Two-factor authentication\n\nTurn on two-factor authentication under Settings, Security.\n',
  );
  const ingest = await runCli(['ingest', 'docs', '-q'], { cwd: project });
  expect(ingest.code, ingest.stderr).toBe(0);
  url = await startServe();
}, 60_000);

afterAll(async () => {
  serve?.kill('SIGTERM');
  await rm(root, { recursive: true, force: true });
});

const wilson = (up: number, n: number) => {
  const z = 1.959963984540054;
  const p = up / n;
  const center = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: center - half, high: center + half };
};

describe('A/B experiment through the openai SDK', () => {
  it('assigns arms sticky per user, links feedback to responses, and reports Wilson and Newcombe intervals', async () => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused-locally', maxRetries: 0 });
    const expected = new Map<string, { responses: number; users: Set<string>; up: number; rated: number }>(
      experiment.arms.map((arm) => [arm.model, { responses: 0, users: new Set(), up: 0, rated: 0 }]),
    );
    for (const [userIndex, user] of users.entries()) {
      for (const [questionIndex, question] of questions.entries()) {
        const { data, response } = await client.chat.completions
          .create({ model: 'rag-vs-prompt', user, messages: [{ role: 'user', content: question }] })
          .withResponse();
        const arm = (data as unknown as { knowhow: { arm: { arm: string; experiment: string } } }).knowhow
          .arm;
        // Sticky and deterministic: the arm the hash gives this user, every time, in body and header.
        expect(arm).toMatchObject({ experiment: 'rag-vs-prompt', arm: assignArm(experiment, user) });
        expect(response.headers.get('x-knowhow-arm')).toBe(`rag-vs-prompt/${arm.arm}`);
        expect(data.model).toBe(arm.arm);
        const rating = rate(arm.arm, userIndex, questionIndex);
        const posted = await fetch(`${url}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            rating,
            question,
            answer: data.choices[0]?.message.content ?? '',
            model: 'rag-vs-prompt',
            response_id: data.id,
          }),
        });
        expect(posted.status).toBe(201);
        expect(await posted.json()).toMatchObject({ experiment: 'rag-vs-prompt', arm: arm.arm });
        const counts = expected.get(arm.arm)!;
        counts.responses += 1;
        counts.users.add(user);
        counts.rated += 1;
        if (rating === 'up') counts.up += 1;
      }
    }
    // The override header forces an arm (for testing); the response says so.
    const forced = await client.chat.completions
      .create(
        { model: 'rag-vs-prompt', user: 'tester', messages: [{ role: 'user', content: questions[0]! }] },
        { headers: { 'x-knowhow-arm': 'prompt' } },
      )
      .withResponse();
    expect(forced.response.headers.get('x-knowhow-arm')).toBe('rag-vs-prompt/prompt');
    expected.get('prompt')!.responses += 1;
    expected.get('prompt')!.users.add('tester');
    // A rating of a response no experiment logged is kept as feedback but linked to no arm.
    const stray = await fetch(`${url}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 'up', question: 'q', answer: 'a', response_id: 'chatcmpl-unknown' }),
    });
    expect(await stray.json()).not.toHaveProperty('arm');
    expect([...expected.values()].every((counts) => counts.users.size > 0)).toBe(true);

    const result = await runCli(['ab', 'report', '--experiment', 'rag-vs-prompt', '--json'], {
      cwd: project,
    });
    expect(result.code, result.stderr).toBe(0);
    const [report] = parseJson<{ experiments: ExperimentReport[] }>(result).experiments;
    for (const arm of report!.arms) {
      const counts = expected.get(arm.arm)!;
      expect([arm.responses, arm.users, arm.rated, arm.up], arm.arm).toEqual([
        counts.responses,
        counts.users.size,
        counts.rated,
        counts.up,
      ]);
      const interval = wilson(counts.up, counts.rated);
      expect(arm.upRate.interval!.low).toBeCloseTo(interval.low, 9);
      expect(arm.upRate.interval!.high).toBeCloseTo(interval.high, 9);
      // The extractive answerer cites what it quotes under rag and declines without passages.
      expect(arm.citationsValid.successes).toBe(arm.responses);
      if (arm.arm === 'prompt') expect(arm.refusals.successes).toBe(arm.responses);
    }
    // Newcombe's hybrid score interval of prompt − rag, by hand from the two Wilson intervals.
    const rag = expected.get('rag')!;
    const prompt = expected.get('prompt')!;
    const [p1, p2] = [rag.up / rag.rated, prompt.up / prompt.rated];
    const [w1, w2] = [wilson(rag.up, rag.rated), wilson(prompt.up, prompt.rated)];
    const difference = report!.comparisons[0]!.upRate!;
    expect(difference.difference).toBeCloseTo(p2 - p1, 12);
    expect(difference.interval.low).toBeCloseTo(
      p2 - p1 - Math.sqrt((p2 - w2.low) ** 2 + (w1.high - p1) ** 2),
      9,
    );
    expect(difference.interval.high).toBeCloseTo(
      p2 - p1 + Math.sqrt((w2.high - p2) ** 2 + (p1 - w1.low) ** 2),
      9,
    );

    const text = await runCli(['ab', 'report'], { cwd: project });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('experiment rag-vs-prompt (significance level 0.05)');
    expect(text.stdout).toMatch(/prompt vs rag: thumbs-up -?\d+\.\d points \[/);
    console.log(text.stdout);
  }, 120_000);

  it('serves the long-context arm through `knowhow serve`: whole documents, cited, counted by ab report', async () => {
    const longExperiment: Experiment = {
      name: 'rag-vs-long-context',
      arms: [
        { model: 'rag', weight: 1 },
        { model: 'long-context', weight: 1 },
      ],
      level: 0.05,
    };
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused-locally', maxRetries: 0 });
    const responses = new Map<string, number>([
      ['rag', 0],
      ['long-context', 0],
    ]);
    for (const user of users) {
      const arm = assignArm(longExperiment, user);
      const stream = arm === 'long-context' && (responses.get(arm) ?? 0) % 2 === 1;
      let content = '';
      let extension: {
        knowhow?: { arm: { arm: string }; long_context?: { documents: number; ranked: boolean } };
      } = {};
      let citations: { document_id: string }[] = [];
      if (stream) {
        const chunks = await client.chat.completions.create({
          model: 'rag-vs-long-context',
          user,
          messages: [{ role: 'user', content: questions[0]! }],
          stream: true,
        });
        for await (const chunk of chunks) {
          content += chunk.choices[0]?.delta.content ?? '';
          const extra = chunk as unknown as typeof extension & { citations?: typeof citations };
          if (extra.knowhow) extension = extra;
          if (extra.citations) citations = extra.citations;
        }
      } else {
        const data = await client.chat.completions.create({
          model: 'rag-vs-long-context',
          user,
          messages: [{ role: 'user', content: questions[0]! }],
        });
        content = data.choices[0]?.message.content ?? '';
        extension = data as unknown as typeof extension;
        citations = (data as unknown as { citations: typeof citations }).citations;
      }
      expect(extension.knowhow?.arm.arm).toBe(arm);
      expect(content).toContain('30 days');
      expect(citations.map((citation) => citation.document_id)).toContain('refunds.md');
      if (arm === 'long-context') {
        // Both documents fit the extractive answerer's 32k window: placed whole, unranked.
        expect(extension.knowhow?.long_context).toMatchObject({ documents: 2, ranked: false });
      } else {
        expect(extension.knowhow).not.toHaveProperty('long_context');
      }
      responses.set(arm, (responses.get(arm) ?? 0) + 1);
    }
    expect(responses.get('long-context')).toBeGreaterThan(1);
    const result = await runCli(['ab', 'report', '--experiment', 'rag-vs-long-context', '--json'], {
      cwd: project,
    });
    expect(result.code, result.stderr).toBe(0);
    const [report] = parseJson<{ experiments: ExperimentReport[] }>(result).experiments;
    expect(report!.arms.map((entry) => [entry.arm, entry.responses])).toEqual([...responses]);
  }, 120_000);
});
