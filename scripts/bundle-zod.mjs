/**
 * Writes dist/node_modules/zod: zod bundled into one file with its English messages only. Node
 * looks for a bare `zod` import in the nearest node_modules folder, so the compiled code in dist/
 * loads this copy and the tests that run src/ load the installed package — the same version,
 * the same schemas, the same English messages (the config errors read identically).
 *
 * Why: `import 'zod'` evaluates all 257 locale files (every zod entry point, `zod/mini` and
 * `zod/v4/core` included, re-exports `locales`), and 300 files in all. Measured 2026-12-05 on
 * the shared 2-core machine, CPU time (user+sys) of a process that only imports zod, medians of
 * 11 interleaved runs: `node -e 0` 128 ms; installed zod 271 ms (+143); locales cut to English
 * 228 ms (+100); this single-file bundle 188 ms (+60). `knowhow advise` pays it on every start.
 * With the rest of this change (2026-12-06, quiet machine, wall medians of 7 interleaved runs):
 * `node -e 0` 111 ms; `knowhow advise --json` 364 → 256 ms; loading knowhow.yaml 403 → 284 ms.
 *
 * Part of `npm run build`. Where the folder is missing, dist falls back to the installed zod.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const zodDirectory = path.join(root, 'dist', 'node_modules', 'zod');

/** zod's locale table, reduced to the one locale zod itself installs by default. */
const englishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
    }));
  },
};

export async function bundleZod() {
  const installed = JSON.parse(
    await readFile(path.join(root, 'node_modules', 'zod', 'package.json'), 'utf8'),
  );
  await mkdir(zodDirectory, { recursive: true });
  await build({
    stdin: {
      contents: "export * from 'zod';\nexport { default } from 'zod';\n",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: path.join(zodDirectory, 'index.js'),
    plugins: [englishOnly],
    logLevel: 'warning',
  });
  const manifest = {
    name: 'zod',
    version: installed.version,
    description: `zod ${installed.version} in one file with English messages only (scripts/bundle-zod.mjs)`,
    license: installed.license,
    type: 'module',
    exports: { '.': './index.js', './package.json': './package.json' },
  };
  await writeFile(path.join(zodDirectory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleZod();
}
