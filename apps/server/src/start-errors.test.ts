import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@threshold/db';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('a start that cannot reach its database', () => {
  it('says so in one line that names where it looked and what to check — no stack trace', async () => {
    const port = await freePort();
    const failed = await promisify(execFile)(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://threshold_app:app-password@127.0.0.1:${port}/threshold`,
        DATABASE_OWNER_URL: `postgres://threshold_owner:owner-password@127.0.0.1:${port}/threshold`,
        AUTH_SECRET: 'start-errors-test-secret-long-enough',
      },
    }).catch((err: { code: number; stdout: string; stderr: string }) => err);
    expect(failed).toMatchObject({ code: 1 });
    expect('stderr' in failed ? failed.stderr.trim() : '').toBe(
      `Threshold could not start: Cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED). Is it running and ` +
        'accepting TCP connections there? Check the host and port in DATABASE_OWNER_URL (or DATABASE_URL when that ' +
        'is unset).',
    );
    // Compiling the server with tsx takes a few seconds on a busy machine.
  }, 30_000);
});
