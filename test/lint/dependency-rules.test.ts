import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of `npm run lint` (.dependency-cruiser.cjs, .dependency-cruiser.client.cjs) run
 * over a tiny project with one import breaking each rule and a composition root that may do what
 * the others may not: every bad import is reported under its rule, and nothing else is.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const depcruise = path.join(
  repositoryRoot,
  'node_modules',
  'dependency-cruiser',
  'bin',
  'dependency-cruise.mjs',
);
const run = promisify(execFile);

const fixture: Record<string, string> = {
  'src/core/types.ts': "import { evalName } from '../eval/index.js';\nexport const coreName = evalName;\n",
  'src/core/errors.ts': "export const errorName = 'error';\n",
  'src/eval/index.ts': "import { errorName } from '../core/errors.js';\nexport const evalName = errorName;\n",
  'src/eval/internal.ts': "export const internalName = 'internal';\n",
  'src/decide/index.ts':
    "import { internalName } from '../eval/internal.js';\nexport const decideName = internalName;\n",
  'src/providers/spec.ts': 'export interface LanguageModel {\n  name: string;\n}\n',
  'src/providers/acme/index.ts':
    "import { evalName } from '../../eval/index.js';\nimport type { LanguageModel } from '../spec.js';\nexport const acme: LanguageModel = { name: evalName };\n",
  'src/report/index.ts':
    "import { acme } from '../providers/acme/index.js';\nexport const reportName = acme.name;\n",
  'src/workspace/index.ts':
    "import { evalName } from '../eval/index.js';\nimport { acme } from '../providers/acme/index.js';\nexport const names = [evalName, acme.name];\n",
  'src/report/client/page.ts': "import { readFileSync } from 'node:fs';\nexport const page = readFileSync;\n",
  // A type is erased by the bundler: naming a Node type is fine in browser code.
  'src/report/client/shared.ts':
    "import type { Stats } from 'node:fs';\nexport const size = (stats: Stats) => stats.size;\n",
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
    include: ['src'],
  }),
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(directory: string, config: string, targets: string[]): Promise<string[]> {
  const result = await run(
    process.execPath,
    [depcruise, ...targets, '--config', config, '--output-type', 'json', '--no-cache'],
    { cwd: directory, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations
    .map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`)
    .sort();
}

describe('layer rules (npm run lint)', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-layers-'));
    for (const [file, text] of Object.entries(fixture)) {
      await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
      await writeFile(path.join(directory, file), text);
    }
    await copyFile(path.join(repositoryRoot, 'tsconfig.json'), path.join(directory, 'tsconfig.client.json'));
    for (const config of ['.dependency-cruiser.cjs', '.dependency-cruiser.client.cjs']) {
      await copyFile(path.join(repositoryRoot, config), path.join(directory, config));
    }
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reports each forbidden import under its rule, and allows the composition root its providers', async () => {
    expect(await cruise(directory, '.dependency-cruiser.cjs', ['src'])).toEqual([
      'concrete-providers-only-in-composition-root: src/report/index.ts → src/providers/acme/index.ts',
      'core-imports-only-core: src/core/types.ts → src/eval/index.ts',
      'providers-never-import-stages: src/providers/acme/index.ts → src/eval/index.ts',
      'through-entry-files: src/decide/index.ts → src/eval/internal.ts',
    ]);
  });

  it('refuses a Node built-in in browser code, and lets type-only imports through', async () => {
    expect(await cruise(directory, '.dependency-cruiser.client.cjs', ['src/**/client/**'])).toEqual([
      'browser-code-no-node-builtins: src/report/client/page.ts → fs',
    ]);
  });
});
