import { defineConfig } from 'vitest/config';

// The fault suite: real server processes and real PostgreSQL, killed and cut under load from simulated kiosks.
// Sizes come from THRESHOLD_FAULT_* variables (see reliability/support/sizes.ts); the defaults are CI-sized.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    // Its own report, so the e2e run's results.json in the same workspace is not overwritten (see
    // scripts/test-summary.mjs, which reads both).
    outputFile: { json: '.vitest/reliability.json' },
    include: ['reliability/**/*.test.ts'],
    // One fault at a time: each file drives a server, PostgreSQL and a dozen kiosks on 2 cores.
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 3 * 60_000,
    // Prints the table of every scenario recorded in the run and writes the figures to bench/results.json.
    globalSetup: ['reliability/support/summary.ts'],
    // Checks read visitors' encrypted details with the keys the test servers are given (support/server.ts).
    setupFiles: ['@threshold/db/testing/keys'],
  },
});
