import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../helpers/run-cli.js';

/**
 * The package as an installed dependency sees it: `import … from 'knowhow'` and its subpaths,
 * resolved through package.json `exports` from another folder (node_modules/knowhow is a link to
 * this checkout; `npm run build` first).
 */
const exec = promisify(execFile);
let consumer: string;

beforeAll(async () => {
  consumer = await mkdtemp(path.join(os.tmpdir(), 'knowhow-consumer-'));
  await mkdir(path.join(consumer, 'node_modules'), { recursive: true });
  await symlink(repositoryRoot, path.join(consumer, 'node_modules', 'knowhow'), 'dir');
});
afterAll(async () => rm(consumer, { recursive: true, force: true }));

async function keysOf(specifier: string): Promise<string[]> {
  const { stdout } = await exec(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`,
    ],
    { cwd: consumer, env: { ...process.env, LANCEDB_LOG: 'error' } },
  );
  return JSON.parse(stdout) as string[];
}

describe("import 'knowhow' as a dependency", () => {
  it('the root exports the operations, the workspace handle and the error class, and nothing internal', async () => {
    expect(await keysOf('knowhow')).toEqual([
      'EVERYONE',
      'KnowhowError',
      'PUBLIC_READER',
      'ask',
      'createServer',
      'diagnose',
      'errorCodes',
      'evaluate',
      'ingest',
      'openWorkspace',
      'optimize',
      'search',
    ]);
  });

  it('each stage is a subpath with its own API', async () => {
    const expected: Record<string, string> = {
      'knowhow/chunk': 'chunkDocument',
      'knowhow/core': 'loadConfig',
      'knowhow/decide': 'buildDiagnosis',
      'knowhow/eval': 'runEval',
      'knowhow/generate': 'generateAnswer',
      'knowhow/ingest': 'runIngest',
      'knowhow/providers': 'providerRegistry',
      'knowhow/report': 'renderHtmlReport',
      'knowhow/retrieve': 'retrieveWithSettings',
      'knowhow/serve': 'createServeApp',
      'knowhow/store': 'LanceIndexStore',
      'knowhow/tune': 'prepareDataset',
      'knowhow/workspace': 'openWorkspace',
    };
    for (const [specifier, name] of Object.entries(expected)) {
      expect(await keysOf(specifier), specifier).toContain(name);
    }
  }, 60_000);

  it('files outside the exports are not reachable', async () => {
    await expect(keysOf('knowhow/dist/cli/main.js')).rejects.toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
