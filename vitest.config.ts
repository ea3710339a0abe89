import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The pages inline dist/client/: bundle it before any test renders one.
    globalSetup: ['test/setup/build-client.ts'],
    reporters: ['default', './test/reporters/closing-line-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native modules (LanceDB, node-llama-cpp) are safest in forked processes; two cores, so two at once.
    pool: 'forks',
    maxWorkers: 2,
    env: { LANCEDB_LOG: 'error', NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          // One fork runs many files: no unit test mocks modules, stubs globals or keeps env changes, and
          // reloading vitest, zod, LanceDB… for each file was two thirds of `vitest run src`'s CPU time
          // (user+sys 160 s isolated, 52 s not; load 11–20, 2026-12-06).
          isolate: false,
        },
      },
      {
        extends: true,
        // End-to-end tests spawn CLIs, servers and browsers: their time is there, so they keep a fresh fork per file.
        test: { name: 'e2e', include: ['test/**/*.test.{ts,tsx}'] },
      },
    ],
  },
});
