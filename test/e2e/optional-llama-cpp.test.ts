import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * node-llama-cpp is an optional peer dependency (a plain `npm install` leaves it out). A Node
 * resolve hook makes it missing exactly as Node reports it, and the built package must then say
 * how to install it when a local model is loaded.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

describe('without node-llama-cpp installed', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'knowhow-no-llama-'));
    await writeFile(
      path.join(directory, 'hooks.mjs'),
      `export async function resolve(specifier, context, next) {
  if (specifier === 'node-llama-cpp') {
    throw Object.assign(new Error(\`Cannot find package 'node-llama-cpp' imported from \${context.parentURL}\`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}
`,
    );
    await writeFile(
      path.join(directory, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
    );
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('loading a local model fails with PROVIDER_CONFIG naming `npm install node-llama-cpp`', async () => {
    const entry = pathToFileURL(path.join(repositoryRoot, 'dist', 'providers', 'llama-cpp', 'index.js')).href;
    const script = `import { getSharedLlama } from '${entry}';
try { await getSharedLlama({ gpu: false }); console.log('{}'); }
catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message, hint: error.hint })); }`;
    const { stdout } = await run(process.execPath, [
      '--import',
      pathToFileURL(path.join(directory, 'register.mjs')).href,
      '--input-type=module',
      '--eval',
      script,
    ]);
    expect(JSON.parse(stdout)).toEqual({
      code: 'PROVIDER_CONFIG',
      message: 'A local (llama-cpp) model needs the optional package node-llama-cpp, which is not installed.',
      hint: expect.stringContaining('Run `npm install node-llama-cpp`'),
    });
  });
});
