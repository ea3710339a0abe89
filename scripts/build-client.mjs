/**
 * Bundles the browser side of the HTML report and the dashboard into dist/client/: each page's
 * typed TSX entry (src/report/client/, src/serve/dashboard/client/) as one minified IIFE, and
 * each page's CSS as one minified stylesheet. The server inlines these files into the pages it
 * renders (src/report/read-client-asset.ts), so a report stays one self-contained file.
 *
 * Part of `npm run build` (and so of `npm install` through `prepare`); the test run calls it too
 * (test/setup/build-client.ts) so a test never reads a stale bundle.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src');
export const clientDirectory = path.join(root, 'dist', 'client');

/** Page name → its script entry and its stylesheet. */
const pages = {
  report: { script: 'src/report/client/report-client.tsx', style: 'src/report/styles/report.css' },
  dashboard: {
    script: 'src/serve/dashboard/client/dashboard-client.tsx',
    style: 'src/serve/dashboard/dashboard.css',
  },
};

/**
 * The project's own modules have no import-time side effects, so esbuild may drop every module a
 * page does not use. Without this hint the dashboard's import of the decide stage's entry pulled
 * zod and its locales into the bundle: 476 KB minified instead of 12 KB (measured on
 * `architectureLabels, gapLabels, summarizeVariants` and friends).
 */
const sideEffectFreeSources = {
  name: 'side-effect-free-sources',
  setup(context) {
    context.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const result = await context.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (result.errors.length > 0 || !result.path.startsWith(source)) return result;
      return { ...result, sideEffects: false };
    });
  },
};

export async function buildClient() {
  await mkdir(clientDirectory, { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  };
  await Promise.all(
    Object.entries(pages).flatMap(([name, page]) => [
      build({
        ...common,
        entryPoints: [page.script],
        outfile: path.join(clientDirectory, `${name}.js`),
        platform: 'browser',
        format: 'iife',
        // Any browser released since 2020: optional chaining, async/await and Object.hasOwn stay native.
        target: ['es2022'],
        jsx: 'automatic',
        jsxImportSource: 'hono/jsx/dom',
        tsconfig: path.join(root, 'tsconfig.client.json'),
        plugins: [sideEffectFreeSources],
      }),
      build({ ...common, entryPoints: [page.style], outfile: path.join(clientDirectory, `${name}.css`) }),
    ]),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClient();
}
