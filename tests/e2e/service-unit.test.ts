import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@threshold/db';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../support/server.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const unitFile = join(repoRoot, 'deploy/threshold.service');
const unit = readFileSync(unitFile, 'utf8');

/** The values of `key` in the unit file, in order (comments and other sections' keys included as systemd reads them). */
function settings(key: string): string[] {
  return unit
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`))
    .map((line) => line.slice(key.length + 1));
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the systemd unit in deploy/', () => {
  it('is a unit systemd accepts, that restarts Threshold whatever stopped it, for ever', async () => {
    const { stderr } = await promisify(execFile)('systemd-analyze', ['verify', unitFile]);
    expect(stderr).toBe('');
    expect(settings('Restart')).toEqual(['always']);
    expect(settings('StartLimitIntervalSec')).toEqual(['0']);
    // The server stops its own PostgreSQL after its pool: the stop signal goes to it alone.
    expect(settings('KillMode')).toEqual(['mixed']);
    expect(settings('KillSignal')).toEqual(['SIGTERM']);
  });

  it('runs: its build step and start command bring Threshold up, and its stop signal stops it cleanly', async () => {
    const [pre] = settings('ExecStartPre');
    const [start] = settings('ExecStart');
    if (!pre || !start) throw new Error('the unit has no ExecStartPre or ExecStart');
    const dataDir = await tempDataDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    // The unit's defaults: the embedded PostgreSQL in the data folder.
    const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...inherited } = process.env;
    const env = { ...inherited, PORT: String(port), HOST: '127.0.0.1', THRESHOLD_DATA_DIR: dataDir };
    const [preCommand, ...preArgs] = pre.split(' ');
    await promisify(execFile)(preCommand ?? '', preArgs, { cwd: repoRoot, env });

    const [command, ...args] = start.split(' ');
    const server: ChildProcess = spawn(command ?? '', args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(async () => {
      if (server.exitCode === null) server.kill('SIGKILL');
    });
    let output = '';
    server.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    server.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const deadline = Date.now() + 90_000;
    while (!output.includes('Threshold is running')) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped cleanly.');
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });
});
