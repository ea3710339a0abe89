import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfigText } from '../../src/core/config/load-config.js';
import { KnowhowError } from '../../src/core/errors.js';
import { parseAdviseAnswers } from '../../src/decide/index.js';
import { repositoryRoot, runCli } from '../helpers/run-cli.js';

/**
 * `knowhow advise` starts on little (issue 14: ≤ 0.3 s): the built CLI imports zod as one bundled
 * file with English messages only (scripts/bundle-zod.mjs), never the config schema, LanceDB or
 * Intl number formats. Timings are too noisy on a shared machine to assert; what is loaded is not.
 * The tests in src/ run the installed zod, so the messages below are compared across the two.
 */

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'knowhow-startup-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const badConfig = [
  'project: x',
  'retrieve:',
  '  mode: vectr',
  '  topK: "ten"',
  'chunk:',
  '  maxTokens: 4',
  'unknownKey: 1',
  'models:',
  '  answer:',
  '    provider: openai-compatible',
  '    model: ""',
  '    temprature: 3',
  '',
].join('\n');

function thrownBy(action: () => unknown): KnowhowError {
  try {
    action();
  } catch (error) {
    if (KnowhowError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a KnowhowError');
}

describe('CLI start-up', () => {
  it('the built CLI imports zod bundled in one file, with the installed version and English only', async () => {
    const bundled = path.join(repositoryRoot, 'dist', 'node_modules', 'zod');
    const manifest = JSON.parse(await readFile(path.join(bundled, 'package.json'), 'utf8'));
    const installed = JSON.parse(
      await readFile(path.join(repositoryRoot, 'node_modules', 'zod', 'package.json'), 'utf8'),
    );
    expect(manifest.version).toBe(installed.version);
    const zod = await import(pathToFileURL(path.join(bundled, 'index.js')).href);
    expect(Object.keys(zod.z.locales)).toEqual(['en']);
  });

  it('knowhow.yaml errors read the same from the built CLI as from the source', async () => {
    const file = path.join(root, 'knowhow.yaml');
    await writeFile(file, badConfig);
    const result = await runCli(['status', '--json'], { cwd: root });
    const fromCli = JSON.parse(result.stderr || result.stdout).error;
    const fromSource = thrownBy(() => parseConfigText(badConfig, file));
    expect(fromCli.code).toBe('CONFIG_INVALID');
    expect(fromCli.message).toBe(fromSource.message);
    expect(fromCli.details).toEqual(fromSource.details);
    expect(fromCli.message).toContain(
      'knowhow.yaml:6 chunk.maxTokens: Too small: expected number to be >=16.',
    );
  });

  it('answers-file errors read the same from the built CLI as from the source', async () => {
    const text = 'queriesPerDay: lots\nteamSkills: ml\ncitationsNeeded: maybe\nfoo: 1\n';
    await writeFile(path.join(root, 'answers.yaml'), text);
    const result = await runCli(['advise', '--json', '--answers', 'answers.yaml'], { cwd: root });
    const fromCli = JSON.parse(result.stderr || result.stdout).error;
    const fromSource = thrownBy(() => parseAdviseAnswers(parseYaml(text), 'answers.yaml'));
    expect(fromCli.message).toBe(fromSource.message);
    expect(fromCli.message).toContain('teamSkills: "ml" is not allowed.');
  });

  it('advise loads neither the config schema, LanceDB nor zod locale files', async () => {
    const hooks = path.join(root, 'log-loads.mjs');
    const register = path.join(root, 'register.mjs');
    const log = path.join(root, 'loaded.txt');
    await writeFile(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`,
    );
    await writeFile(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const result = await runCli(['advise', '--json'], {
      cwd: root,
      env: { NODE_OPTIONS: `--import ${pathToFileURL(register).href}` },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).recommendation.architecture).toBeTypeOf('string');
    const loaded = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
    expect(loaded.some((url) => url.endsWith('/dist/node_modules/zod/index.js'))).toBe(true);
    expect(loaded.filter((url) => /node_modules\/zod\/v4\//.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/dist\/core\/config\/schema\.js$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /lancedb|apache-arrow/.test(url))).toEqual([]);
  });
});
