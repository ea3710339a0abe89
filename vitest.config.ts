import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // The pages inline dist/client/: bundle it before any test renders one.
    globalSetup: ['test/setup/build-client.ts'],
    reporters: ['default', './test/reporters/closing-line-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native modules (LanceDB, node-llama-cpp) are safest in forked processes; two cores, so two at once.
    pool: 'forks',
    maxWorkers: 2,
    env: { LANCEDB_LOG: 'error', NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' },
  },
});
