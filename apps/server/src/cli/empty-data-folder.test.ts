import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseProblem, findRunningEmbedded } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '../env.ts';
import { openCliDatabase } from './database.ts';
import { migrateCommand } from './migrate.ts';
import { runCli } from './run.ts';
import { sitesList } from './sites.ts';

// A read-only command on an embedded data folder nothing has set up yet: the CLI starts the cluster itself and must
// not migrate it, so the tables are missing. The operator is told that, and what to run, never "Database error 42P01".
const keys = `k1:${randomBytes(32).toString('base64')}`;
let work: string;
let dataDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-cli-empty-'));
  dataDir = join(work, 'data');
});

afterAll(() => rm(work, { recursive: true, force: true }));

const vars = () => ({ THRESHOLD_DATA_DIR: dataDir, THRESHOLD_KEYS: keys, DATABASE_URL: '', DATABASE_OWNER_URL: '' });

/** The command as `npm run threshold --` runs it, in this process, its console output captured. */
async function cli(args: string[]) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await runCli(args, vars());
    return { code, stdout: out.mock.calls.join('\n'), stderr: err.mock.calls.join('\n') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const noTablesYet = (dir: string) =>
  `The embedded database in ${dir} has no tables yet: nothing has been set up there. Run ` +
  '`npm run threshold -- migrate`, or start the server once';

describe('a read-only command on an empty embedded data folder', () => {
  it('says the database has no tables yet and to migrate or start the server; stops the cluster it started', async () => {
    const failure = await openCliDatabase(loadEnv(vars()), { migrate: false }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DatabaseProblem);
    expect((failure as Error).message).toContain(noTablesYet(loadEnv(vars()).dataDir));
    expect(await findRunningEmbedded(dataDir)).toBeNull();

    for (const command of [
      ['audit', 'verify'],
      ['sites', 'list'],
    ]) {
      const run = await cli(command);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(noTablesYet(loadEnv(vars()).dataDir));
      expect(run.stderr).not.toMatch(/42P01|Database error|\n\s+at /);
    }
  }, 60_000);

  it('after `migrate`, as the message says, the same command works', async () => {
    expect(await migrateCommand(loadEnv(vars()))).toContain('Migrations applied to the embedded database');
    const opened = await openCliDatabase(loadEnv(vars()), { migrate: false });
    try {
      expect(await sitesList(opened.handle.db)).toMatch(/^No sites yet/);
    } finally {
      await opened.close();
    }
  }, 60_000);
});
