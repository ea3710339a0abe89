/**
 * Browser code: the client bundles (src/report/client/, src/serve/dashboard/client/) and every
 * module they reach at run time import no Node built-in. Run by `npm run lint` over the client
 * folders only; type-only imports are erased by the build, so they are not followed here
 * (tsPreCompilationDeps: false). The layer rules are in .dependency-cruiser.cjs.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'browser-code-no-node-builtins',
      severity: 'error',
      comment:
        'This module is bundled into a page that runs in a browser (see the chain above): it may not import a Node built-in. Move the Node part behind a module the client does not import.',
      from: {},
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.tsx?$', '__fixtures__/'] },
    tsConfig: { fileName: 'tsconfig.client.json' },
    tsPreCompilationDeps: false,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
