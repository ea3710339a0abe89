import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
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
  // A threshold set in knowhow.yaml: the run must record it (and the defaults of the others).
  const config = path.join(project, 'knowhow.yaml');
  await writeFile(
    config,
    (await readFile(config, 'utf8')).replace(
      '  concurrency: 4',
      '  concurrency: 4\n  thresholds: { f1: 0.45 }',
    ),
  );
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
      'long-context',
    ]);
    expect(first.skippedVariants.map((skipped) => skipped.variant)).toEqual(['tuned', 'hybrid']);
    const rows = (await readFile(path.join(first.directory, 'rows.jsonl'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(71 * 5);
    const rules = { thresholds: { f1: 0.45, support: 0.5, supportedShare: 1, recall: 0.5 }, judge: null };
    const meta = JSON.parse(await readFile(path.join(first.directory, 'meta.json'), 'utf8'));
    expect(meta.checks).toEqual(rules);
    const report = JSON.parse(await readFile(first.report.json, 'utf8'));
    expect(report.checks).toEqual(rules);
    expect(report.notes.join('\n')).toContain('token F1 ≥ 0.45');
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

  it('compare counts per variant and names a variant only one run has once, not per case', async () => {
    const ragOnly = parseJson<EvalJson>(
      await runCli(['eval', '--variants', 'rag', '--json'], { cwd: project }),
    );
    const compare = await runCli(['compare', first.runId, ragOnly.runId], { cwd: project });
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/^rag\s+\d+% \(\d+\/71\) → \d+% \(\d+\/71\)\s+0\s+0\s+71$/m);
    expect(compare.stdout).toContain(
      'prompt (71 cases), few-shot (71 cases), oracle (71 cases), long-context (71 cases) — not compared',
    );
    expect(compare.stdout).not.toContain('missing');
    expect(compare.stdout.trim().split('\n').length).toBeLessThan(10);
  }, 120_000);

  it('tune regress --fail-on-loss exits REGRESSION_LOSS when the tuned model lost out-of-domain cases', async () => {
    const rows = (await readFile(path.join(first.directory, 'rows.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { caseId: string; variant: string; passed: boolean });
    // A tuned run: the general cases pass on the base model, and the tuned model loses one of them.
    const general = ['sso-acronym', 'saml-acronym', 'what-is-a-webhook', 'http-429-meaning'];
    const planted = rows
      .filter((row) => row.variant === 'prompt' && general.includes(row.caseId))
      .flatMap((row) => [
        { ...row, passed: true },
        { ...row, variant: 'tuned', passed: row.caseId !== 'sso-acronym' },
      ]);
    const runId = 'tuned-run';
    await mkdir(path.join(project, '.knowhow', 'runs', runId), { recursive: true });
    await writeFile(
      path.join(project, '.knowhow', 'runs', runId, 'rows.jsonl'),
      planted.map((row) => `${JSON.stringify(row)}\n`).join(''),
    );
    const failing = await runCli(['tune', 'regress', '--run', runId, '--fail-on-loss'], { cwd: project });
    expect(failing.code, failing.stderr).toBe(8);
    expect(failing.stdout.indexOf('sso-acronym')).toBeLessThan(failing.stdout.indexOf('Regression check'));
    expect(failing.stdout).toContain(
      'error [REGRESSION_LOSS] The tuned model lost 1 of 4 pair(s) (25 points)',
    );
    const tolerant = await runCli(['tune', 'regress', '--run', runId, '--fail-on-loss', '30'], {
      cwd: project,
    });
    expect(tolerant.code, tolerant.stderr).toBe(0);
    const report = await runCli(['tune', 'regress', '--run', runId], { cwd: project });
    expect(report.code).toBe(0);
  }, 60_000);

  it('--reporter writes JUnit, CSV and JSONL beside the run and to a path given; diagnose --run too', async () => {
    const result = await runCli(
      [
        'eval',
        '--variants',
        'rag,oracle',
        '--reporter',
        'junit=ci/junit.xml',
        '--reporter',
        'csv,jsonl',
        '--json',
      ],
      { cwd: project },
    );
    expect(result.code, result.stderr).toBe(0);
    const run = parseJson<EvalJson & { reporters: { reporter: string; files: string[] }[] }>(result);
    expect(run.reporters).toEqual([
      {
        reporter: 'junit',
        files: [path.join(run.directory, 'junit.xml'), path.join(project, 'ci', 'junit.xml')],
      },
      { reporter: 'csv', files: [path.join(run.directory, 'results.csv')] },
      { reporter: 'jsonl', files: [path.join(run.directory, 'results.jsonl')] },
    ]);
    const xml = await readFile(path.join(project, 'ci', 'junit.xml'), 'utf8');
    expect(xml).toBe(await readFile(path.join(run.directory, 'junit.xml'), 'utf8'));
    expect(XMLValidator.validate(xml)).toBe(true);
    const junit = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml) as {
      testsuites: {
        testsuite: {
          '@_name': string;
          '@_tests': string;
          testcase: { '@_name': string; failure?: { '@_message': string } }[];
        }[];
      };
    };
    const suites = junit.testsuites.testsuite;
    expect(suites.map((suite) => [suite['@_name'], suite['@_tests']])).toEqual([
      ['rag', '71'],
      ['oracle', '71'],
    ]);
    // The stale article quoted beside the changelog now fails, and says why.
    const webhook = suites[0]!.testcase.find((testCase) => testCase['@_name'] === 'webhook-retry-schedule');
    expect(webhook?.failure?.['@_message']).toContain(
      'must-not-contain: states what the case rules out: "up to 5 times"',
    );
    const csv = parseCsv(await readFile(path.join(run.directory, 'results.csv'), 'utf8'), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(csv).toHaveLength(142);
    const jsonl = (await readFile(path.join(run.directory, 'results.jsonl'), 'utf8')).trim().split('\n');
    expect(jsonl).toHaveLength(142);

    const diagnose = await runCli(['diagnose', '--run', run.runId, '--reporter', 'junit', '--json'], {
      cwd: project,
    });
    expect(diagnose.code, diagnose.stderr).toBe(0);
    expect(parseJson<{ reporters: unknown }>(diagnose).reporters).toEqual([
      { reporter: 'junit', files: [path.join(run.directory, 'junit.xml')] },
    ]);
    const unknown = await runCli(['eval', '--reporter', 'xunit'], { cwd: project });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown reporter "xunit"');
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
      drafts: { drafter: string; drafted: number; file: string | null };
      variants: { variant: string; meanPromptTokens: number; totalCostUsd: number }[];
    }>(result);
    expect(demo.extractive).toBe(true);
    // Issue 15: the demo drafts cases (extractive) and measures long context beside RAG.
    expect(demo.drafts).toMatchObject({ drafter: 'extractive', drafted: 10 });
    expect(demo.drafts.file).toMatch(/cases\/drafts\/drafts-.*\.yaml$/);
    const longContext = demo.variants.find((summary) => summary.variant === 'long-context');
    const rag = demo.variants.find((summary) => summary.variant === 'rag');
    expect(longContext?.meanPromptTokens).toBeGreaterThan(10 * (rag?.meanPromptTokens ?? Infinity));
    expect(longContext?.totalCostUsd).toBeGreaterThan(rag?.totalCostUsd ?? Infinity);
    expect(demo.access.public.some((id) => id.startsWith('internal/'))).toBe(false);
    expect(demo.access.support.some((id) => id.startsWith('internal/'))).toBe(true);
    expect((await stat(demo.report.html)).size).toBeGreaterThan(10_000);

    // An index written by an older knowhow: ingest refuses it with the fix, the demo rebuilds its own.
    const manifest = path.join(root, 'demo-run', '.knowhow', 'index', 'knowhow-index.json');
    await writeFile(
      manifest,
      JSON.stringify({ ...JSON.parse(await readFile(manifest, 'utf8')), schemaVersion: 3 }),
    );
    const refused = await runCli(['ingest', '-q'], { cwd: path.join(root, 'demo-run') });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('knowhow ingest --rebuild');
    const again = await runCli(['demo', '--dir', 'demo-run'], { cwd: root });
    expect(again.code, again.stderr).toBe(0);
    // The extractive answerer's run says what it measures: retrieval, not the team's model.
    expect(again.stdout).toContain('from retrieval metrics and your constraints');
    expect(again.stdout).toMatch(/\d+ unmeasured\s+needs an answer written, not quoted/);
    expect(again.stdout).not.toContain('reasoning-gap');
    expect(again.stdout).toContain('A real model run (set KNOWHOW_ANSWER_MODEL) would add');
    expect(again.stderr).toContain('rebuilding the demo index');
    expect(JSON.parse(await readFile(manifest, 'utf8')).schemaVersion).toBe(5);
  }, 120_000);
});
