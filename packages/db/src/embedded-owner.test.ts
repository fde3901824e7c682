import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from './embedded.ts';
import { DataFolderInUse } from './embedded-owner.ts';

const child = fileURLToPath(new URL('./testing/embedded-child.ts', import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Threshold-like process owning an embedded cluster in `dir`; resolves once PostgreSQL is ready. */
async function owner(dir: string, port: number): Promise<{ proc: ChildProcess; ownerUrl: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ownerUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /ready (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    proc.once('exit', (code) => reject(new Error(`owner exited (${code}) before PostgreSQL was ready`)));
  });
  return { proc, ownerUrl };
}

async function postmasterPid(dir: string): Promise<number> {
  return Number((await readFile(join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

/** Running, not merely a zombie waiting for a parent that never reaps it (an orphan's new parent may not). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && !/^\d+ \(.*\) Z/.test(stat);
}

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'threshold-owner-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('an embedded cluster whose owner died', () => {
  it('is stopped cleanly at the next start, which then runs with the data intact', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const first = await owner(dir, port);
    const sql = postgres(first.ownerUrl, { max: 1, onnotice: () => {} });
    await sql`create table kept (note text)`;
    await sql`insert into kept values ('written before the crash')`;
    await sql.end();
    const orphan = await postmasterPid(dir);
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    // PostgreSQL outlives its owner.
    expect(await alive(orphan)).toBe(true);

    const again = await startEmbeddedPostgres(dir, { port, fast: true });
    cleanups.push(() => again.stop());
    expect(again.stoppedOrphan).toBe(true);
    expect(await alive(orphan)).toBe(false);
    const check = postgres(again.ownerUrl, { max: 1, onnotice: () => {} });
    await expect(check`select note from kept`).resolves.toEqual([{ note: 'written before the crash' }]);
    await check.end();
  }, 90_000);

  it('is refused, and left running, while its owner is alive', async () => {
    const dir = await tempDir();
    const port = await freePort();
    const living = await owner(dir, port);
    cleanups.push(async () => {
      living.proc.kill('SIGINT');
      await new Promise((r) => living.proc.once('exit', r));
      // Its PostgreSQL, orphaned by the SIGINT above, is stopped by starting and stopping again.
      await (await startEmbeddedPostgres(dir, { port, fast: true })).stop();
    });
    const pid = await postmasterPid(dir);
    await expect(startEmbeddedPostgres(dir, { port, fast: true })).rejects.toBeInstanceOf(DataFolderInUse);
    expect(await alive(pid)).toBe(true);
  }, 90_000);
});

describe('a supervised embedded cluster', () => {
  it('is started again when PostgreSQL dies under it', async () => {
    const dir = await tempDir();
    const restarts: boolean[] = [];
    // Durable settings: a crash must not lose the roles created at start (fast mode defers WAL writes).
    const database: EmbeddedDatabase = await startEmbeddedPostgres(dir, { supervise: (r) => restarts.push(r.ok) });
    cleanups.push(() => database.stop());
    const sql = postgres(database.appUrl, { max: 1, onnotice: () => {}, connect_timeout: 2 });
    cleanups.push(() => sql.end());
    process.kill(await postmasterPid(dir), 'SIGKILL');
    await vi.waitFor(() => expect(restarts).toContain(true), { timeout: 20_000, interval: 200 });
    await vi.waitFor(async () => expect(await sql`select 1 as one`).toEqual([{ one: 1 }]), {
      timeout: 10_000,
      interval: 200,
    });
  }, 90_000);
});
