import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KnowhowError } from '../core/errors.js';
import { createRunFolders, isRunId, newRunId, parseRows, runFiles } from './run-folder.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-runs-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

const failureOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as KnowhowError;
  }
  throw new Error('expected an error');
};

describe('run folders', () => {
  it('accepts folder names as run ids and refuses anything that leaves the runs folder', () => {
    expect(isRunId(newRunId(new Date('2026-11-22T16:15:00Z')))).toBe(true);
    expect(newRunId(new Date('2026-11-22T16:15:00Z'))).toMatch(/^20261122-161500-[0-9a-f]{4}$/);
    for (const id of ['..', '../x', 'a/b', '.hidden', 'a..b', '', 'x'.repeat(201)])
      expect(isRunId(id), id).toBe(false);
    const error = failureOf(() => createRunFolders(root).directory('../escape'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('is not a run id');
    expect(error.details).toMatchObject({ param: 'id' });
  });

  it('drops a torn last line, keeping every complete row', () => {
    const rows = parseRows('{"caseId":"a"}\n{"caseId":"b"}\n{"caseId":"c"');
    expect(rows.map((row) => row.caseId)).toEqual(['a', 'b']);
  });

  it('lists runs newest first, finds the newest with rows and the newest that never completed', async () => {
    const folders = createRunFolders(root);
    await folders.writeMeta('20261101-000000-aaaa', {
      runId: '20261101-000000-aaaa',
      startedAt: 'x',
      variants: [],
      models: {},
    });
    await folders.writeMeta('20261102-000000-bbbb', {
      runId: '20261102-000000-bbbb',
      startedAt: 'x',
      completedAt: 'y',
      variants: [],
      models: {},
    });
    await writeFile(folders.file('20261102-000000-bbbb', 'rows'), '{"caseId":"a"}\n');
    await mkdir(path.join(root, 'not a run'), { recursive: true });
    expect(await folders.list()).toEqual(['20261102-000000-bbbb', '20261101-000000-aaaa']);
    expect(await folders.latest()).toBe('20261102-000000-bbbb');
    expect(await folders.latest({ incompleteOnly: true })).toBe('20261101-000000-aaaa');
    expect(await folders.readRows('20261102-000000-bbbb')).toHaveLength(1);
    await expect(folders.readRows('20261103-000000-cccc')).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });

  it('writes the report beside the rows without leaving temporary files', async () => {
    const folders = createRunFolders(root);
    const files = await folders.writeReport('run-1', { json: { runId: 'run-1' }, html: '<html></html>' });
    expect(files).toEqual({
      json: path.join(root, 'run-1', runFiles.reportJson),
      html: path.join(root, 'run-1', runFiles.reportHtml),
    });
    expect(await folders.readReport('run-1')).toEqual({ runId: 'run-1' });
    expect(await folders.readReportHtml('run-1')).toBe('<html></html>');
    expect((await readdir(path.join(root, 'run-1'))).sort()).toEqual(['report.html', 'report.json']);
  });
});
