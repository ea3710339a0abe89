import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/core/error-codes.js';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.js';
import { parseJson, runCli } from '../helpers/run-cli.js';

/**
 * The exit codes and messages CI scripts branch on (issue 10, item 9): every case below exited 0,
 * crashed as INTERNAL or said nothing useful before.
 */

let root: string;
let upstream: FixtureServer;

async function write(file: string, text: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

const cases = (prefix: string) =>
  ['What is the refund window?', 'How do I reset a password?', 'Who approves refunds?']
    .map((question, i) => `- id: ${prefix}-${i}\n  question: ${question}\n  answer: something\n`)
    .join('');

/** A project whose answer model is the fixture upstream (no retries: every failure is final). */
async function makeProject(name: string, options: { models?: boolean } = {}): Promise<string> {
  const project = path.join(root, name);
  const models = options.models
    ? `models:\n  answer:\n    provider: openai-compatible\n    model: gpt-test\n    baseURL: ${upstream.url}/v1\n    maxRetries: 0\n  cache: false\n`
    : '';
  await write(
    path.join(project, 'knowhow.yaml'),
    `project: ${name}\n${models}eval:\n  variants: [prompt, rag]\n  concurrency: 2\n`,
  );
  await write(
    path.join(project, 'docs', 'refunds.md'),
    '# Refunds\n\nRefunds are possible within 30 days.\n',
  );
  await write(path.join(project, 'cases', 'basics.yaml'), cases('basic'));
  return project;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-exit-'));
  upstream = await startFixtureServer();
  upstream.reply('/v1/chat/completions', {
    status: 500,
    json: { error: { message: 'the model is on fire', type: 'server_error' } },
  });
});
afterAll(async () => {
  await upstream.close();
  await rm(root, { recursive: true, force: true });
});

describe('eval and diagnose exit non-zero when nothing was measured', () => {
  let project: string;
  beforeAll(async () => {
    project = await makeProject('all-fail', { models: true });
    const ingest = await runCli(['ingest', '-q'], { cwd: project });
    expect(ingest.code, ingest.stderr).toBe(0);
  });

  it('eval: a variant with no successful row is VARIANT_FAILED, naming the variant and the first error', async () => {
    const result = await runCli(['eval'], { cwd: project });
    expect(result.code, result.stdout + result.stderr).toBe(errorCodes.VARIANT_FAILED.exit);
    expect(result.stdout).toMatch(
      /error \[VARIANT_FAILED\] prompt: all 3 rows failed .*PROVIDER_UNAVAILABLE/,
    );
    expect(result.stdout).toMatch(/error \[VARIANT_FAILED\] rag: all 3 rows failed/);
    const json = await runCli(['eval', '--json'], { cwd: project });
    expect(json.code).toBe(errorCodes.VARIANT_FAILED.exit);
    const data = parseJson<{ failedVariants: { variant: string; rows: number }[] }>(json);
    expect(data.failedVariants.map((failed) => failed.variant)).toEqual(['prompt', 'rag']);
  }, 60_000);

  it('diagnose: the same, for a fresh run and for --run of an existing one', async () => {
    const fresh = await runCli(['diagnose'], { cwd: project });
    expect(fresh.code, fresh.stdout + fresh.stderr).toBe(errorCodes.VARIANT_FAILED.exit);
    expect(fresh.stdout).toContain('error [VARIANT_FAILED] prompt: all 3 rows failed');
    const runs = (await readdir(path.join(project, '.knowhow', 'runs'))).sort();
    const existing = await runCli(['diagnose', '--run', runs[0]!, '--json'], { cwd: project });
    expect(existing.code).toBe(errorCodes.VARIANT_FAILED.exit);
    expect(parseJson<{ failedVariants: unknown[] }>(existing).failedVariants).toHaveLength(2);
  }, 60_000);
});

describe('case files that do not parse, or ids that collide, stop eval before any model call', () => {
  it('a YAML syntax error is CASES_INVALID naming the file and line', async () => {
    const project = await makeProject('bad-yaml', { models: true });
    await write(path.join(project, 'cases', 'broken.yaml'), '- id: x\n  question: [unclosed\n');
    const before = upstream.requestsTo('/v1/chat/completions').length;
    for (const command of ['eval', 'diagnose']) {
      const result = await runCli([command], { cwd: project });
      expect(result.code, result.stderr).toBe(errorCodes.CASES_INVALID.exit);
      expect(result.stderr).toMatch(/error \[CASES_INVALID\]/);
      expect(result.stderr).toMatch(/cases\/broken\.yaml:\d+: YAML syntax error/);
    }
    expect(upstream.requestsTo('/v1/chat/completions').length).toBe(before);
  }, 60_000);

  it('a JSONL line that is not JSON is CASES_INVALID too', async () => {
    const project = await makeProject('bad-jsonl');
    await write(path.join(project, 'cases', 'more.jsonl'), '{"id":"j1","question":"q"}\n{"id": j2}\n');
    const result = await runCli(['eval', '--json'], { cwd: project });
    expect(result.code).toBe(errorCodes.CASES_INVALID.exit);
    const body = parseJson<{ error: { code: string; message: string } }>(result);
    expect(body.error.code).toBe('CASES_INVALID');
    expect(body.error.message).toContain('cases/more.jsonl:2');
  }, 60_000);

  it('the same id in two files is CASES_INVALID naming both files and lines', async () => {
    const project = await makeProject('dupes');
    await write(
      path.join(project, 'cases', 'zz-more.yaml'),
      '- id: other\n  question: q\n- id: basic-1\n  question: again\n',
    );
    const result = await runCli(['eval'], { cwd: project });
    expect(result.code, result.stdout).toBe(errorCodes.CASES_INVALID.exit);
    expect(result.stderr).toContain('cases/zz-more.yaml:3 case "basic-1" field id: duplicate id "basic-1"');
    expect(result.stderr).toContain('first defined at cases/basics.yaml:4');
  }, 60_000);
});

describe('ingest, search and ask say what is wrong', () => {
  it('an ingest that ingests nothing lists the reasons in text mode', async () => {
    const project = await makeProject('nothing');
    await rm(path.join(project, 'docs', 'refunds.md'));
    await write(path.join(project, 'docs', 'broken.pdf'), Buffer.from('%PDF-1.7 not really a pdf'));
    const result = await runCli(['ingest'], { cwd: project });
    expect(result.code).toBe(errorCodes.NOTHING_INGESTED.exit);
    expect(result.stderr).toContain('error [NOTHING_INGESTED]');
    expect(result.stderr).toMatch(/broken\.pdf: not a valid PDF/);
  }, 60_000);

  it('search and ask before any ingest are INDEX_MISSING with the command to run', async () => {
    const project = await makeProject('no-index');
    for (const args of [
      ['search', 'refund'],
      ['ask', 'refund?'],
    ]) {
      const result = await runCli(args, { cwd: project });
      expect(result.code, result.stdout).toBe(errorCodes.INDEX_MISSING.exit);
      expect(result.stderr).toContain('error [INDEX_MISSING]');
      expect(result.stderr).toContain('knowhow ingest');
    }
  }, 60_000);

  it('ask with a blank question and search with an unknown mode are usage errors listing what is valid', async () => {
    const project = await makeProject('usage');
    const blank = await runCli(['ask', '   '], { cwd: project });
    expect(blank.code).toBe(errorCodes.USAGE.exit);
    expect(blank.stderr).toMatch(/error \[USAGE\] .*question/i);
    const mode = await runCli(['search', '--mode', 'vector', 'refund'], { cwd: project });
    expect(mode.code).toBe(errorCodes.USAGE.exit);
    expect(mode.stderr).toMatch(/error \[USAGE\].*vector/);
    expect(mode.stderr).toMatch(/bm25, dense, hybrid/);
  }, 60_000);

  it('a YAML alias bomb in knowhow.yaml is CONFIG_INVALID naming the file', async () => {
    const project = await makeProject('bomb');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const name of 'bcdefgh') {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    await writeFile(path.join(project, 'knowhow.yaml'), `${levels.join('\n')}\n`);
    const result = await runCli(['status'], { cwd: project });
    expect(result.code).toBe(errorCodes.CONFIG_INVALID.exit);
    expect(result.stderr).toMatch(/error \[CONFIG_INVALID\] .*knowhow\.yaml/);
  }, 60_000);
});
