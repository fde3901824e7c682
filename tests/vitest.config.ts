import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    include: ['e2e/**/*.test.ts'],
    // Each file starts its own server and browser; on 2 cores they are kinder run one after another.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
