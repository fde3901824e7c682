import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_KEYS } from '@threshold/db/testing/keys';
import { serverLogFile } from './server-logs.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the ops CLI (`npm run threshold -- …`) as a real child process. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'apps/server/src/cli/main.ts'), ...args], {
      cwd: repoRoot,
      // The same keys as the test servers (support/server.ts), so the CLI reads what they wrote.
      env: { ...process.env, DATABASE_URL: '', DATABASE_OWNER_URL: '', THRESHOLD_KEYS: TEST_KEYS, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    // Its standard output is the command's answer (an export, a pairing code); what it logs goes to stderr, which
    // the log scan after the run reads (logscan/).
    const log = serverLogFile('cli');
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      log.write(d);
    });
    child.on('exit', (code) => {
      log.end();
      resolve({ code, out, err });
    });
  });
}
