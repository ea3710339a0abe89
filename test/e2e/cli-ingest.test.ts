import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPdf } from '../../src/ingest/__fixtures__/build-test-files.js';
import { parseJson, runCli } from '../helpers/run-cli.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-e2e-ingest-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function project(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const directory = path.join(root, name);
  await mkdir(directory, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await writeFile(path.join(directory, file), content);
  }
  return directory;
}

interface IngestJson {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: number;
  failures: { source: string; line?: number; reason: string; hint: string }[];
  index: { documents: number; chunks: number };
}

describe('knowhow ingest (real CLI)', () => {
  it('init writes a valid config and an example case; --help and --version work', async () => {
    const directory = await project('init', {});
    const init = await runCli(['init'], { cwd: directory });
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('created knowhow.yaml');
    const again = await runCli(['init', '--json'], { cwd: directory });
    expect(again.code).toBe(2);
    expect(parseJson<{ error: { code: string } }>(again).error.code).toBe('USAGE');
    const status = await runCli(['status', '--json'], { cwd: directory });
    expect(status.code).toBe(0);
    expect((await runCli(['--version'], { cwd: directory })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help'], { cwd: directory });
    for (const command of [
      'init',
      'ingest',
      'ask',
      'search',
      'eval',
      'diagnose',
      'advise',
      'demo',
      'bench',
    ]) {
      expect(help.stdout).toContain(command);
    }
  });

  it('ask cites file:line for text files and p. N for PDF pages, and --json carries line and page', async () => {
    const directory = await project('locations', {
      // Small chunks, so that each PDF page is a passage of its own.
      'knowhow.yaml': 'chunk:\n  maxTokens: 16\n  overlapTokens: 0\n',
      'docs/guide.md':
        '---\r\ntitle: Guide\r\ngroups: [public]\r\n---\r\n\r\n# Guide\r\n\r\nOur refund window is 30 days from purchase.\r\n',
      'docs/handbook.pdf': buildPdf({
        pages: [['Welcome to the handbook.'], ['Parental leave lasts sixteen weeks for every employee.']],
      }),
    });
    expect((await runCli(['ingest', 'docs', '-q'], { cwd: directory })).code).toBe(0);
    const refund = await runCli(['ask', 'How long is the refund window?'], { cwd: directory });
    expect(refund.code, refund.stderr).toBe(0);
    expect(refund.stdout).toMatch(/\[1\] Guide · guide\.md:6\n/);
    const leave = parseJson<{
      citations: { source: string; line?: number; page?: number; endPage?: number }[];
    }>(await runCli(['ask', 'How long is parental leave?', '--json'], { cwd: directory }));
    expect(leave.citations[0]).toMatchObject({ source: 'handbook.pdf', page: 2, endPage: 2 });
    const leaveText = await runCli(['ask', 'How long is parental leave?'], { cwd: directory });
    expect(leaveText.stdout).toContain('handbook.pdf p. 2');
    const refundJson = parseJson<{ citations: { line?: number; endLine?: number; sourceStart?: number }[] }>(
      await runCli(['ask', 'How long is the refund window?', '--json'], { cwd: directory }),
    );
    // Line 6 is "# Guide" after four front-matter lines and a blank line, in a CRLF file.
    expect(refundJson.citations[0]).toMatchObject({ line: 6, endLine: 8, sourceStart: 44 });
  });

  it('a config typo is an error naming the line, the key and the fix, with its exit code', async () => {
    const directory = await project('typo', {
      'knowhow.yaml': 'chunk:\n  maxTokens: 300\n  overlap: 20\n',
      'docs/a.md': '# A\n\ntext',
    });
    const result = await runCli(['ingest'], { cwd: directory });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'knowhow.yaml:3 chunk.overlap: unknown key "overlap". Did you mean "overlapTokens"?',
    );
  });

  it('reports each bad file with its reason, ingests the rest, and exits 0 (non-zero with --strict)', async () => {
    const directory = await project('bad', {
      'docs/good.md': '---\ntitle: Good\n---\n# Good\n\nRefunds are possible within 30 days.',
      'docs/notes.txt': 'Plain notes about webhooks and retries.',
      'docs/empty.md': '',
      'docs/binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02, 0x00, 0x41]),
      'docs/latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      'docs/corrupt.pdf': '%PDF-1.4\nthis is not really a pdf\n',
      'docs/records.jsonl':
        '{"id":"r1","text":"first record"}\n{not json\n{"id":"r3","text":"third record"}\n',
    });
    await symlink(path.join(directory, 'docs', 'missing.md'), path.join(directory, 'docs', 'dangling.md'));
    const result = await runCli(['ingest', 'docs', '--json'], { cwd: directory });
    expect(result.code).toBe(0);
    const summary = parseJson<IngestJson>(result);
    expect(summary.added).toBe(4); // good.md, notes.txt, records r1 and r3
    const failed = summary.failures.map((failure) => path.basename(failure.source));
    for (const name of [
      'empty.md',
      'binary.md',
      'latin1.txt',
      'corrupt.pdf',
      'records.jsonl',
      'dangling.md',
    ]) {
      expect(failed).toContain(name);
    }
    const jsonl = summary.failures.find((failure) => failure.source.endsWith('records.jsonl'))!;
    expect(jsonl.line).toBe(2);
    expect(summary.failures.every((failure) => failure.reason.length > 0 && failure.hint.length > 0)).toBe(
      true,
    );

    const text = await runCli(['ingest', 'docs'], { cwd: directory });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('0 added, 0 updated, 4 unchanged');
    expect(text.stdout).toMatch(/records\.jsonl line 2/);
    const strict = await runCli(['ingest', 'docs', '--strict'], { cwd: directory });
    expect(strict.code).toBe(5);
  });

  it('exits non-zero when nothing could be ingested', async () => {
    const directory = await project('nothing', { 'docs/empty.md': '   \n' });
    const result = await runCli(['ingest', 'docs'], { cwd: directory });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('NOTHING_INGESTED');
  });

  it('is incremental: unchanged skipped, changed replaced, deleted removed with --prune', async () => {
    const directory = await project('incremental', {
      'docs/a.md': '# Alpha\n\nThe alpha plan costs $10.',
      'docs/b.md': '# Beta\n\nThe beta plan costs $20.',
      'docs/c.md': '# Gamma\n\nThe gamma plan costs $30.',
    });
    expect(parseJson<IngestJson>(await runCli(['ingest', 'docs', '--json'], { cwd: directory })).added).toBe(
      3,
    );
    await writeFile(
      path.join(directory, 'docs', 'b.md'),
      '# Beta\n\nThe beta plan now costs $25 and includes SSO.',
    );
    await unlink(path.join(directory, 'docs', 'c.md'));
    const second = parseJson<IngestJson>(
      await runCli(['ingest', 'docs', '--prune', '--json'], { cwd: directory }),
    );
    expect(second).toMatchObject({ added: 0, updated: 1, unchanged: 1, removed: 1, failed: 0 });
    expect(second.index.documents).toBe(2);
    const search = parseJson<{ hits: { documentId: string; text: string }[] }>(
      await runCli(['search', 'beta plan costs', '--json', '--k', '3'], { cwd: directory }),
    );
    expect(search.hits[0]!.text).toContain('$25');
    expect(search.hits.some((hit) => hit.documentId === 'c.md')).toBe(false);
  });

  it('search colours matched words when FORCE_COLOR asks for it, even piped and over NO_COLOR; without it a pipe gets plain text', async () => {
    const directory = await project('colour', { 'docs/a.md': '# Alpha\n\nThe alpha plan costs $10.' });
    expect((await runCli(['ingest', 'docs', '-q'], { cwd: directory })).code).toBe(0);
    const bold = '\u001b[1m';
    const forced = await runCli(['search', 'alpha plan'], { cwd: directory, env: { FORCE_COLOR: '1' } });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(bold);
    const plain = await runCli(['search', 'alpha plan'], { cwd: directory });
    expect(plain.stdout).toContain('alpha');
    expect(plain.stdout).not.toContain(bold);
  });

  it('skips files unchanged since the last clean ingest unread, and reads an edited one', async () => {
    const directory = await project('ledger', {
      'docs/a.md': '# Alpha\n\nThe alpha plan costs $10.',
      'docs/records.jsonl': '{"id":"r1","text":"first record"}\n{"id":"r2","text":"second record"}\n',
    });
    // Files written in the last two seconds are read every time: their times could still not move.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(parseJson<IngestJson>(await runCli(['ingest', 'docs', '--json'], { cwd: directory })).added).toBe(
      3,
    );
    const second = await runCli(['ingest', 'docs'], { cwd: directory });
    expect(second.stdout).toContain('0 added, 0 updated, 3 unchanged');
    expect(second.stdout).toContain('2 file(s) skipped unread');
    await writeFile(path.join(directory, 'docs', 'a.md'), '# Alpha\n\nThe alpha plan now costs $12.');
    const third = parseJson<IngestJson & { filesSkipped: number }>(
      await runCli(['ingest', 'docs', '--json'], { cwd: directory }),
    );
    expect(third).toMatchObject({ updated: 1, unchanged: 2, filesSkipped: 1 });
    // Three CLI runs and a 2 s wait: past the 30 s default on a loaded 2-core machine.
  }, 120_000);

  it('filters by access group inside search and ask', async () => {
    const directory = await project('access', {
      'docs/public.md': '# Refunds\n\nCustomers get refunds within 30 days.',
      'docs/internal/limits.md':
        '---\ngroups: [support]\n---\n# Refund limits\n\nAgents may refund up to $500 without approval.',
    });
    await runCli(['ingest', 'docs'], { cwd: directory });
    const asPublic = parseJson<{ hits: { documentId: string }[] }>(
      await runCli(['search', 'refund approval agents', '--as', 'public', '--json'], { cwd: directory }),
    );
    expect(asPublic.hits.map((hit) => hit.documentId)).toEqual(['public.md']);
    const asSupport = parseJson<{ hits: { documentId: string }[] }>(
      await runCli(['search', 'refund approval agents', '--as', 'support', '--json'], { cwd: directory }),
    );
    expect(asSupport.hits.map((hit) => hit.documentId)).toContain('internal/limits.md');
    const ask = parseJson<{ answer: string; extractive: boolean; citations: { documentId: string }[] }>(
      await runCli(['ask', 'How much may agents refund without approval?', '--as', 'public', '--json'], {
        cwd: directory,
      }),
    );
    expect(ask.extractive).toBe(true);
    expect(ask.answer).not.toContain('$500');
    expect(ask.citations.every((citation) => citation.documentId === 'public.md')).toBe(true);
  });
});
