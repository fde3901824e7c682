import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * vitest globalSetup of the e2e run, the first suite of `npm test`: an empty tests/artifacts/server-logs/, so the
 * log scan that runs last (logscan/) reads this run's servers and secrets alone. The reliability run, which follows
 * e2e, adds to the same folder.
 */
export default function setup(): void {
  const dir =
    process.env.THRESHOLD_SERVER_LOG_DIR ?? fileURLToPath(new URL('../artifacts/server-logs/', import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
