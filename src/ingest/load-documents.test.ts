import { chmod, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashParts } from '../core/text/hash.js';
import { buildPdf } from './__fixtures__/build-test-files.js';
import {
  createTempFolder,
  loadFolder,
  removeTempFolder,
  runAsNobody,
  testConfig,
  writeFiles,
} from './__fixtures__/temp-folder.js';
import { describeFailure, type IngestFailure, isCoveredByFailure, loadDocuments } from './load-documents.js';

const MAX_FILE_BYTES = testConfig().maxFileBytes;

describe('loadDocuments', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('gives each document its relative path as id and source, its mtime, format and hash', async () => {
    await writeFiles(root, {
      'docs/guide/intro.md': '# Intro\n\nHello.\n',
      'docs/notes.txt': 'Plain notes.\n',
    });
    const modified = new Date('2026-03-04T05:06:07.000Z');
    await utimes(path.join(root, 'docs/notes.txt'), modified, modified);
    const { documents, failures } = await loadFolder({ root, paths: ['docs'] });
    expect(failures).toEqual([]);
    expect(documents.map(({ id, source, format, title }) => ({ id, source, format, title }))).toEqual([
      { id: 'docs/guide/intro.md', source: 'docs/guide/intro.md', format: 'markdown', title: 'Intro' },
      { id: 'docs/notes.txt', source: 'docs/notes.txt', format: 'text', title: 'notes' },
    ]);
    const notes = documents[1]!;
    expect(notes.modifiedAt).toBe('2026-03-04T05:06:07.000Z');
    expect(notes.groups).toEqual(['public']);
    // The origin (where the text stands in the file) is part of the hash.
    expect(notes.origin).toEqual({ kind: 'file', map: { firstLine: 1, shifts: [[0, 0]] } });
    expect(notes.hash).toBe(
      hashParts('Plain notes.\n', 'notes', 'public', '{}', JSON.stringify(notes.origin)),
    );
  });

  it('resolves groups: front matter, then the first access rule, then --groups, then public', async () => {
    await writeFiles(root, {
      'hr/own.md': '---\ngroups: Exec\n---\nText.',
      'hr/ruled.md': 'Text.',
      'open/free.md': 'Text.',
    });
    const config = { access: [{ match: 'hr/**', groups: ['HR'] }] };
    const withDefault = await loadFolder({ root, config, defaultGroups: ['Staff', 'staff'] });
    expect(withDefault.documents.map((document) => [document.id, document.groups])).toEqual([
      ['hr/own.md', ['exec']],
      ['hr/ruled.md', ['hr']],
      ['open/free.md', ['staff']],
    ]);
    const withoutDefault = await loadFolder({ root, config });
    expect(withoutDefault.documents[2]?.groups).toEqual(['public']);
    // Groups are part of the hash: re-grouping a document re-writes it.
    expect(withDefault.documents[2]?.hash).not.toBe(withoutDefault.documents[2]?.hash);
    expect(withDefault.documents[0]?.hash).toBe(withoutDefault.documents[0]?.hash);
  });

  it('reports every kind of bad input by file (and line) with a reason and hint, and loads the rest', async () => {
    await writeFiles(root, {
      'a-good.md': '# Good\n',
      'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      'corrupt.pdf': '%PDF-1.7\n1 0 obj garbage',
      'empty.md': '',
      'latin1.txt': Buffer.concat([
        Buffer.from('ok line\nna'),
        Buffer.from([0xef, 0x76, 0x65]),
        Buffer.from('\n'),
      ]),
      'records.jsonl': '{"id":"1","text":"fine"}\n{"id":"2","text":\n{"id":"3","text":"fine too"}\n',
      'spaces.txt': '   \n\t\n',
      'z-good.pdf': buildPdf({ pages: [['Fine PDF.']] }),
      'notes.rtf': '{\\rtf1 explicit but unsupported}',
    });
    await symlink(path.join(root, 'moved-away.md'), path.join(root, 'dangling.md'));
    // Sparse: the size is real to stat, but no disk is used and nothing is written.
    await writeFile(path.join(root, 'huge.md'), '');
    await truncate(path.join(root, 'huge.md'), MAX_FILE_BYTES + 1);
    const { documents, failures } = await loadFolder({ root, paths: ['.', 'notes.rtf'] });
    expect(documents.map((document) => document.id)).toEqual([
      'a-good.md',
      'records.jsonl#1',
      'records.jsonl#3',
      'z-good.pdf',
    ]);
    const summary = failures.map(({ source, line, code }) => ({ source, line, code }));
    expect(summary).toEqual([
      { source: 'binary.md', line: undefined, code: 'INPUT_INVALID' },
      { source: 'corrupt.pdf', line: undefined, code: 'INPUT_INVALID' },
      { source: 'dangling.md', line: undefined, code: 'INPUT_NOT_FOUND' },
      { source: 'empty.md', line: undefined, code: 'INPUT_INVALID' },
      { source: 'huge.md', line: undefined, code: 'INPUT_TOO_LARGE' },
      { source: 'latin1.txt', line: 2, code: 'INPUT_INVALID' },
      { source: 'records.jsonl', line: 2, code: 'INPUT_INVALID' },
      { source: 'spaces.txt', line: undefined, code: 'INPUT_INVALID' },
      { source: 'notes.rtf', line: undefined, code: 'INPUT_INVALID' },
    ]);
    const reasons = Object.fromEntries(failures.map((failure) => [failure.source, failure.reason]));
    expect(reasons).toEqual({
      'binary.md': expect.stringContaining('binary content'),
      'corrupt.pdf': expect.stringContaining('not a valid PDF'),
      'dangling.md': expect.stringContaining('broken symlink'),
      'empty.md': 'the file is empty',
      'huge.md': `the file is 50.0 MiB (${MAX_FILE_BYTES + 1} bytes), over the 50 MiB (${MAX_FILE_BYTES} bytes) limit`,
      'latin1.txt': 'invalid UTF-8 (byte offset 10)',
      'records.jsonl': expect.stringMatching(/^malformed JSON: /),
      'spaces.txt': 'the file contains only whitespace',
      'notes.rtf': 'unsupported file type ".rtf"',
    });
    const huge = failures.find((failure) => failure.source === 'huge.md');
    expect(huge?.hint).toBe(
      `Raise ingest.maxFileBytes in knowhow.yaml (now ${MAX_FILE_BYTES}) or split the file.`,
    );
    for (const failure of failures) expect(failure.hint.length).toBeGreaterThan(10);
    // A document that exists but failed keeps its id, so incremental ingest does not prune it.
    expect(
      failures.filter((failure) => failure.documentId === undefined).map((failure) => failure.source),
    ).toEqual(['notes.rtf']);
  });

  it('loads a file just under the size limit', async () => {
    const paragraph = 'Large documents load as long as they stay under ingest.maxFileBytes.\n\n';
    const repeats = Math.floor((MAX_FILE_BYTES - 100) / paragraph.length);
    await writeFiles(root, { 'big.md': `# Big\n\n${paragraph.repeat(repeats)}` });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]?.title).toBe('Big');
    expect(documents[0]?.text.length).toBeGreaterThan(MAX_FILE_BYTES - 200);
    expect(documents[0]?.text.length).toBeLessThanOrEqual(MAX_FILE_BYTES);
  });

  it('reports a file this user may not read, and goes on', async () => {
    await writeFiles(root, { 'a-secret.md': '# Secret\n', 'b-open.md': '# Open\n' });
    await chmod(root, 0o755);
    await chmod(path.join(root, 'a-secret.md'), 0o600);
    await chmod(path.join(root, 'b-open.md'), 0o644);
    const { documents, failures } = await runAsNobody(() => loadFolder({ root }));
    expect(documents.map((document) => document.id)).toEqual(['b-open.md']);
    expect(failures).toEqual([
      {
        source: 'a-secret.md',
        documentId: 'a-secret.md',
        code: 'INPUT_INVALID',
        reason: 'permission denied: the file is not readable by this user',
        hint: 'Give read access (chmod a+r) or add it to ingest.exclude in knowhow.yaml.',
      },
    ]);
  });

  it('streams: each file is read only when the consumer asks for the next document', async () => {
    await writeFiles(root, { 'a.md': 'A', 'b.md': 'B', 'c.md': 'C' });
    const outcomes = loadDocuments({ root, paths: ['.'], config: testConfig() });
    const first = await outcomes.next();
    expect(first.value).toMatchObject({ kind: 'document', document: { id: 'a.md' } });
    await rm(path.join(root, 'c.md'));
    const rest = [];
    for await (const outcome of outcomes) rest.push(outcome);
    expect(rest).toEqual([
      expect.objectContaining({ kind: 'document', document: expect.objectContaining({ id: 'b.md' }) }),
      expect.objectContaining({
        kind: 'failure',
        failure: expect.objectContaining({ source: 'c.md', code: 'INPUT_NOT_FOUND' }),
      }),
    ]);
  });

  it('stops with an abort error when cancelled', async () => {
    await writeFiles(root, { 'a.md': 'A', 'b.md': 'B' });
    const controller = new AbortController();
    const outcomes = loadDocuments({ root, paths: ['.'], config: testConfig(), signal: controller.signal });
    await outcomes.next();
    controller.abort();
    await expect(outcomes.next()).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('isCoveredByFailure', () => {
  const failure = (documentId: string): IngestFailure => ({
    source: documentId,
    documentId,
    code: 'INPUT_INVALID',
    reason: 'x',
    hint: 'y',
  });

  it('covers the document itself, the records of a file, the contents of a folder, or everything', () => {
    expect(isCoveredByFailure('a.md', failure('a.md'))).toBe(true);
    expect(isCoveredByFailure('t.jsonl#7', failure('t.jsonl'))).toBe(true);
    expect(isCoveredByFailure('docs/x/a.md', failure('docs'))).toBe(true);
    expect(isCoveredByFailure('anything.md', failure('.'))).toBe(true);
    expect(isCoveredByFailure('docs2/a.md', failure('docs'))).toBe(false);
    expect(
      isCoveredByFailure('a.md', { source: 'a.md', code: 'INPUT_INVALID', reason: 'x', hint: 'y' }),
    ).toBe(false);
  });
});

describe('describeFailure', () => {
  it('names the file, line and field, then the reason and hint', () => {
    expect(
      describeFailure({
        source: 't.jsonl',
        line: 7,
        field: 'id',
        code: 'INPUT_INVALID',
        reason: 'the record has no "id" field',
        hint: 'Give every record an id.',
      }),
    ).toBe('t.jsonl line 7 (field "id"): the record has no "id" field. Give every record an id.');
  });
});
