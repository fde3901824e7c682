import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DatabaseProblem, findRunningEmbedded } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.ts';
import { openCliDatabase } from './database.ts';
import { migrateCommand } from './migrate.ts';
import { sitesList } from './sites.ts';

// A read-only command on an embedded data folder nothing has set up yet: the CLI starts the cluster itself and must
// not migrate it, so the tables are missing. The operator is told that, and what to run, never "Database error 42P01".
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const keys = `k1:${randomBytes(32).toString('base64')}`;
let work: string;
let dataDir: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'threshold-cli-empty-'));
  dataDir = join(work, 'data');
});

afterAll(() => rm(work, { recursive: true, force: true }));

const vars = () => ({ THRESHOLD_DATA_DIR: dataDir, THRESHOLD_KEYS: keys, DATABASE_URL: '', DATABASE_OWNER_URL: '' });

const cli = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, ...vars() },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

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
