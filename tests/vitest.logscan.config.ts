import { defineConfig } from 'vitest/config';

// The log scan: after the e2e and fault suites, reads every server's output (tests/artifacts/server-logs/) for the
// secrets those suites recorded. It starts nothing, so it must not clear the folder (the e2e config does).
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/logscan.json' },
    include: ['logscan/**/*.test.ts'],
  },
});
