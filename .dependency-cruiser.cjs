/**
 * The layers of src/, checked by `npm run lint` (dependency-cruiser). The README's "Layout" section
 * says the same in words; a violating import fails the lint with the rule's name and the two files.
 *
 * A stage is a folder src/<stage>/ whose index.ts is its entry file. src/core/ is the shared kernel
 * (types, errors, config schema, text utilities) that every folder may import file by file.
 */
/**
 * Files another folder may import: a folder's entry file (src/<stage>/index.ts, or the index.ts of
 * a sub-folder it publishes, such as src/report/panels/), core, and the provider interfaces.
 */
const publicFiles = [
  '^src/[^/]+/index\\.ts$',
  // Spelled out per depth: dependency-cruiser refuses nested quantifiers as unsafe regular expressions.
  '^src/[^/]+/[^/]+/index\\.ts$',
  '^src/[^/]+/[^/]+/[^/]+/index\\.ts$',
  '^src/core/',
  '^src/providers/(spec|registry|provider-entry)\\.ts$',
];

/** Folders under src/providers/ that are not vendors: the shared HTTP/retry layer and GGUF file reading. */
const providerLibraries = '(shared|gguf)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'src/core is imported by everything, so it may import nothing else of ours.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'through-entry-files',
      severity: 'error',
      comment:
        "A folder imports another folder only through its entry file (index.ts), core, or the provider interfaces; export what you need from the entry file instead of reaching into another folder's internals.",
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', ...publicFiles] },
    },
    {
      name: 'root-through-entry-files',
      severity: 'error',
      comment: 'The public API (src/index.ts, src/library.ts) re-exports stage entry files, never their internals.',
      from: { path: '^src/[^/]+\\.tsx?$' },
      to: { path: '^src/[^/]+/', pathNot: publicFiles },
    },
    {
      name: 'providers-never-import-stages',
      severity: 'error',
      comment:
        'Providers implement the interfaces in src/providers/spec.ts with core types (and the analyzer) only; a stage uses them, never the reverse.',
      from: { path: '^src/providers/' },
      // analyze is the shared analyzer (pure functions of text and language): the extractive provider splits sentences with it.
      to: { path: '^src/', pathNot: ['^src/providers/', '^src/core/', '^src/analyze/index\\.ts$'] },
    },
    {
      name: 'concrete-providers-only-in-composition-root',
      severity: 'error',
      comment:
        'Only the composition root (src/workspace), the CLI and the server pick a concrete provider; everything else receives models through the interfaces in src/providers/spec.ts and the registry.',
      from: { path: '^src/', pathNot: ['^src/(workspace|cli|serve|providers)/'] },
      to: { path: `^src/providers/(?!${providerLibraries}/)[^/]+/` },
    },
    {
      name: 'postgres-store-never-loads-lancedb',
      severity: 'error',
      comment:
        'The PostgreSQL store (src/index/postgres/) runs where LanceDB may not be installed or wanted (a server beside the database): nothing it reaches, directly or through other files, may load the LanceDB store or @lancedb/lancedb. Shared helpers live in neutral files of src/index/ (chunk-payload.ts, search-text.ts).',
      from: { path: '^src/index/postgres/' },
      to: { path: ['^src/index/lance-index-store\\.ts$', '(^|/)node_modules/@lancedb/'], reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.tsx?$', '__fixtures__/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
  },
};
