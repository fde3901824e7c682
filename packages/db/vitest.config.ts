import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    include: ['src/**/*.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    // Test processes read and write encrypted visitor details with the test keys.
    setupFiles: ['./src/testing/keys.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
