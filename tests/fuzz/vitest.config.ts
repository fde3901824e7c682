import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    reporters: ['default', 'json'],
    outputFile: { json: '../.vitest/fuzz.json' },
    include: ['**/*.test.ts'],
    // Each file starts its own server; on 2 cores they are kinder run one after another.
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
  },
});
