import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    include: ['src/**/*.test.ts'],
    globalSetup: ['@threshold/db/testing/global-setup'],
    // Test processes read and write encrypted visitor details with the test keys.
    setupFiles: ['@threshold/db/testing/keys'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
