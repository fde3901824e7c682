import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    include: ['e2e/**/*.test.ts'],
    // Empties tests/artifacts/server-logs/, where every server's output and the suite's secrets go for the log scan.
    globalSetup: ['support/server-logs-setup.ts'],
    // Tests that write or read visits directly use the keys the test servers are given.
    setupFiles: ['@threshold/db/testing/keys'],
    // Each file starts its own server and browser; on 2 cores they are kinder run one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
