import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { reporters: ['default', 'json'], outputFile: { json: '.vitest/results.json' }, include: ['src/**/*.test.ts'] },
});
