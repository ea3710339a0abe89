import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, repositoryRoot, runCli } from '../helpers/run-cli.js';

let root: string;
let project: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-eval-'));
  project = path.join(root, 'helpdesk');
  await cp(path.join(repositoryRoot, 'examples', 'helpdesk'), project, {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('.knowhow'),
  });
  const ingest = await runCli(['ingest', '-q'], { cwd: project });
  expect(ingest.code, ingest.stderr).toBe(0);
}, 60_000);
afterAll(async () => rm(root, { recursive: true, force: true }));

interface EvalJson {
  runId: string;
  directory: string;
  summaries: { variant: string; passRate: number }[];
  skippedVariants: { variant: string; reason: string }[];
  thresholdFailures: string[];
  report: { json: string; html: string };
}

describe('eval, diagnose, compare, advise and demo (real CLI, bundled example)', () => {
  let first: EvalJson;

  it('runs every variant that can run, says why the others did not, and writes rows and a report', async () => {
    const result = await runCli(['eval', '--json'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    first = parseJson<EvalJson>(result);
    expect(first.summaries.map((summary) => summary.variant)).toEqual([
      'prompt',
      'few-shot',
      'rag',
      'oracle',
    ]);
    expect(first.skippedVariants.map((skipped) => skipped.variant)).toEqual(['tuned', 'hybrid']);
    const rows = (await readFile(path.join(first.directory, 'rows.jsonl'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(71 * 4);
    const html = await readFile(first.report.html, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
  }, 120_000);

  it('--fail-under exits non-zero below the bar and names the metric', async () => {
    const result = await runCli(['eval', '--variants', 'rag', '--fail-under', 'rag=0.99'], { cwd: project });
    expect(result.code).toBe(8);
    expect(result.stdout).toMatch(/EVAL_THRESHOLD\] rag pass rate 0\.\d+ < 0\.99/);
    const bad = await runCli(['eval', '--fail-under', 'rag=lots'], { cwd: project });
    expect(bad.code).toBe(2);
  }, 120_000);

  it('resumes an interrupted run without repeating or losing rows (a torn last line is run again)', async () => {
    const rowsFile = path.join(first.directory, 'rows.jsonl');
    const lines = (await readFile(rowsFile, 'utf8')).trim().split('\n');
    const kept = lines.slice(0, 100);
    await writeFile(rowsFile, `${kept.join('\n')}\n${lines[100]!.slice(0, 40)}`);
    const meta = JSON.parse(await readFile(path.join(first.directory, 'meta.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete meta.completedAt;
    await writeFile(path.join(first.directory, 'meta.json'), JSON.stringify(meta));
    const resumed = parseJson<EvalJson & { runId: string }>(
      await runCli(['eval', '--resume', '--json'], { cwd: project }),
    );
    expect(resumed.runId).toBe(first.runId);
    const after = (await readFile(rowsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { caseId: string; variant: string });
    expect(after).toHaveLength(lines.length);
    expect(new Set(after.map((row) => `${row.caseId}/${row.variant}`)).size).toBe(lines.length);
  }, 120_000);

  it('compares two runs and diagnoses an existing run', async () => {
    const second = parseJson<EvalJson>(await runCli(['eval', '--json'], { cwd: project }));
    const compare = await runCli(['compare', first.runId, second.runId], { cwd: project });
    expect(compare.code).toBe(0);
    expect(compare.stdout).toContain('No case changed outcome.');
    const diagnose = parseJson<{
      diagnosis: { recommendation: { architecture: string; reasons: { statement: string }[] } };
    }>(await runCli(['diagnose', '--run', second.runId, '--json'], { cwd: project }));
    expect(['prompting', 'rag', 'fine-tuning', 'hybrid']).toContain(
      diagnose.diagnosis.recommendation.architecture,
    );
    expect(diagnose.diagnosis.recommendation.reasons.length).toBeGreaterThan(2);
  }, 120_000);

  it('advise works from an answers file and from flags, and rejects bad answers with the allowed values', async () => {
    await writeFile(
      path.join(root, 'answers.yaml'),
      'knowledgeChanges: daily\ntaskType: question-answering\nfailureMode: missing-facts\ncitationsNeeded: true\n',
    );
    const fromFile = parseJson<{ recommendation: { architecture: string } }>(
      await runCli(['advise', '--answers', path.join(root, 'answers.yaml'), '--json'], { cwd: root }),
    );
    expect(fromFile.recommendation.architecture).toBe('rag');
    const fromFlags = parseJson<{ recommendation: { architecture: string } }>(
      await runCli(
        [
          'advise',
          '--failure-mode',
          'wrong-behaviour',
          '--knowledge-changes',
          'stable',
          '--training-examples',
          '5000',
          '--task-type',
          'format-compliance',
          '--json',
        ],
        { cwd: root },
      ),
    );
    expect(fromFlags.recommendation.architecture).toBe('fine-tuning');
    await writeFile(path.join(root, 'bad.yaml'), 'knowledgeChanges: hourly\n');
    const bad = await runCli(['advise', '--answers', path.join(root, 'bad.yaml')], { cwd: root });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('realtime');
  }, 60_000);

  it('demo runs the whole path offline in a fresh folder', async () => {
    const result = await runCli(['demo', '--dir', 'demo-run', '--json'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    const demo = parseJson<{
      extractive: boolean;
      recommendation: { architecture: string };
      report: { html: string };
      access: { public: string[]; support: string[] };
    }>(result);
    expect(demo.extractive).toBe(true);
    expect(demo.access.public.some((id) => id.startsWith('internal/'))).toBe(false);
    expect(demo.access.support.some((id) => id.startsWith('internal/'))).toBe(true);
    expect((await stat(demo.report.html)).size).toBeGreaterThan(10_000);

    // An index written by an older knowhow: ingest refuses it with the fix, the demo rebuilds its own.
    const manifest = path.join(root, 'demo-run', '.knowhow', 'index', 'knowhow-index.json');
    await writeFile(
      manifest,
      JSON.stringify({ ...JSON.parse(await readFile(manifest, 'utf8')), schemaVersion: 2 }),
    );
    const refused = await runCli(['ingest', '-q'], { cwd: path.join(root, 'demo-run') });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('knowhow ingest --rebuild');
    const again = await runCli(['demo', '--dir', 'demo-run'], { cwd: root });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('rebuilding the demo index');
    expect(JSON.parse(await readFile(manifest, 'utf8')).schemaVersion).toBe(4);
  }, 120_000);
});
