import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DatabaseProblem, type DbHandle } from '@threshold/db';
import { startTestDatabase, type TestDatabase } from '@threshold/db/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../env.ts';
import { createAdmin, pairKiosk } from './commands.ts';
import { openCliDatabase } from './database.ts';
import { migrateCommand } from './migrate.ts';
import { CommandError, sitesList } from './sites.ts';

// A configured PostgreSQL with separate roles, as an operator sets it up: a fresh database the owner owns, and an
// application role that may only connect until the migrations grant it more.
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const keys = `cli:${randomBytes(32).toString('base64')}`;
let cluster: TestDatabase;
let ownerUrl: string;
let appUrl: string;
let opened: { handle: DbHandle; close: () => Promise<void> } | null = null;

beforeAll(async () => {
  cluster = await startTestDatabase();
  const sql = postgres(cluster.ownerUrl, { max: 1, onnotice: () => {} });
  const password = randomBytes(9).toString('hex');
  await sql`create role threshold_cli_owner login password ${sql.unsafe(`'${password}'`)}`;
  await sql`create role threshold_cli_app login password ${sql.unsafe(`'${password}'`)}`;
  await sql`create database threshold_cli owner threshold_cli_owner`;
  await sql.end();
  const at = (role: string) => {
    const u = new URL(cluster.ownerUrl);
    Object.assign(u, { username: role, password, pathname: '/threshold_cli' });
    return u.toString();
  };
  ownerUrl = at('threshold_cli_owner');
  appUrl = at('threshold_cli_app');
}, 60_000);

afterAll(async () => {
  await opened?.close();
  await cluster.stop();
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', main, ...args], {
    env: { ...process.env, DATABASE_URL: appUrl, DATABASE_OWNER_URL: '', THRESHOLD_KEYS: keys, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );

const env = () => loadEnv({ DATABASE_URL: appUrl, DATABASE_OWNER_URL: ownerUrl, THRESHOLD_KEYS: keys });

describe('the CLI on a configured database', () => {
  it('never migrates with DATABASE_URL: the application role is told to run migrate', async () => {
    const failure = await openCliDatabase(env()).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DatabaseProblem);
    expect((failure as Error).message).toMatch(
      /^Database "threshold_cli" has no Threshold tables yet, or older ones \(PostgreSQL said: relation "organisation" does not exist\)\. Run `npm run threshold -- migrate` with DATABASE_OWNER_URL/,
    );
    const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    const [schema] = await sql`select 1 from pg_namespace where nspname = 'drizzle'`;
    await sql.end();
    expect(schema).toBeUndefined();
  });

  it('migrates on `migrate`, as the owner; two at once take turns', async () => {
    const done = await Promise.all([migrateCommand(env()), migrateCommand(env())]);
    expect(done).toEqual([
      "Migrations applied as threshold_cli_owner; threshold_cli_app has the application role's privileges.",
      "Migrations applied as threshold_cli_owner; threshold_cli_app has the application role's privileges.",
    ]);
    opened = await openCliDatabase(env(), { migrate: false });
    expect(await sitesList(opened.handle.db)).toBe(
      'No sites yet: create-admin --organisation NAME --site-name NAME --time-zone ZONE',
    );
  }, 30_000);

  it('asks the first site’s time zone, and requires two-factor sign-in in the new organisation', async () => {
    const db = (opened as NonNullable<typeof opened>).handle.db;
    const flags = {
      email: 'first@example.org',
      name: 'First Admin',
      organisation: 'Harbour Trust',
      'site-name': 'Harbour House',
    };
    await expect(createAdmin(db, flags)).rejects.toMatchObject({
      name: 'DomainError',
      message: 'Give the new site’s time zone with --time-zone, such as Europe/London or America/New_York',
    });
    await expect(createAdmin(db, { ...flags, 'time-zone': 'Mars/Olympus' })).rejects.toThrow(/--time-zone/);
    expect(await createAdmin(db, { ...flags, 'time-zone': 'Europe/Paris' })).toMatch(
      /^Created admin first@example\.org/,
    );
    const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
    const orgs = await sql`select name, require_two_factor from organisation`;
    const sites = await sql`select name, timezone from site`;
    await sql.end();
    expect(orgs).toEqual([{ name: 'Harbour Trust', require_two_factor: true }]);
    expect(sites).toEqual([{ name: 'Harbour House', timezone: 'Europe/Paris' }]);
  });

  it('refuses a second organisation unless told, and lists both sites', async () => {
    const db = (opened as NonNullable<typeof opened>).handle.db;
    const second = {
      email: 'second@example.org',
      name: 'Second',
      organisation: 'Harbour Trust',
      'site-name': 'Annex',
      'time-zone': 'Europe/London',
    };
    await expect(createAdmin(db, second)).rejects.toThrow(
      'This installation already has an organisation (Harbour Trust). To add an admin there, give --site SITE_ID ' +
        '(`sites list` shows them); to create another organisation, add --another-organisation.',
    );
    await expect(createAdmin(db, { ...second, 'another-organisation': '' })).resolves.toMatch(/^Created admin/);
    const listed = await sitesList(db);
    expect(listed.split('\n')).toHaveLength(3);
    expect(listed).toMatch(/^[0-9a-f-]{36}\tHarbour Trust \/ Annex\tEurope\/London\t0$/m);
    expect(listed).toMatch(/^[0-9a-f-]{36}\tHarbour Trust \/ Harbour House\tEurope\/Paris\t0$/m);
  });

  it('pair-kiosk: with several sites says which ids exist; an unknown or malformed id is no site', async () => {
    const db = (opened as NonNullable<typeof opened>).handle.db;
    const several = await pairKiosk(db, {}).catch((err: unknown) => err);
    expect(several).toBeInstanceOf(CommandError);
    expect((several as Error).message).toMatch(
      /^This database holds 2 sites: give --site with one of\n {2}[0-9a-f-]{36} {2}Harbour Trust/,
    );
    await expect(pairKiosk(db, { site: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(
      'There is no site with id 00000000-0000-4000-8000-000000000000: `sites list` shows them.',
    );
    const run = await cli(['pair-kiosk', '--site', 'nope']);
    expect(run).toMatchObject({ code: 1, stderr: 'There is no site with id nope: `sites list` shows them.\n' });
  }, 30_000);
});
