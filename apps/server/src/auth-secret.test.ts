import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type EmbeddedDatabase, migrateDatabase, roleOf, startEmbeddedPostgres } from '@threshold/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveAuthSecret } from './auth-secret.ts';
import type { ResolvedDatabase } from './database.ts';
import { loadEnv } from './env.ts';

let dir: string;
let pg: EmbeddedDatabase;
let owner: ReturnType<typeof createDb>;
let files: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'threshold-auth-secret-'));
  pg = await startEmbeddedPostgres(join(dir, 'data'), { fast: true });
  await migrateDatabase(pg.ownerUrl, roleOf(pg.appUrl));
  owner = createDb(pg.ownerUrl, { max: 1 });
}, 120_000);

afterAll(async () => {
  await owner?.close();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

beforeEach(async () => {
  files = await mkdtemp(join(dir, 'files-'));
  await owner.sql`delete from instance_secret`;
});

const OLD_SECRET = 'secret-an-earlier-version-generated-into-the-table';
const storeOldSecret = () => owner.sql`insert into instance_secret (name, value) values ('auth', ${OLD_SECRET})`;
const storedRows = async () => (await owner.sql`select name from instance_secret`).length;

/** A server given this database as DATABASE_URL (with a separate owner role), plus `vars`. */
function configured(vars: Record<string, string> = {}) {
  const env = loadEnv({ DATABASE_URL: pg.appUrl, DATABASE_OWNER_URL: pg.ownerUrl, ...vars });
  const database: ResolvedDatabase = { appUrl: pg.appUrl, embedded: null, warnings: [] };
  return resolveAuthSecret(env, database);
}

/** A server running the embedded PostgreSQL with `dataDir` as its data folder. */
function embedded(dataDir: string) {
  const env = loadEnv({ THRESHOLD_DATA_DIR: dataDir });
  return resolveAuthSecret(env, { appUrl: pg.appUrl, embedded: pg, warnings: [] });
}

describe('with DATABASE_URL', () => {
  it('refuses to start without AUTH_SECRET or AUTH_SECRET_FILE, naming both and how to make one', async () => {
    await expect(configured()).rejects.toThrow(/AUTH_SECRET .*AUTH_SECRET_FILE.*openssl rand/);
  });

  it('uses AUTH_SECRET, or the file AUTH_SECRET_FILE names', async () => {
    const secret = 'x'.repeat(40);
    await expect(configured({ AUTH_SECRET: secret })).resolves.toBe(secret);
    const file = join(files, 'secret');
    await writeFile(file, `${'y'.repeat(40)}\n`);
    await expect(configured({ AUTH_SECRET_FILE: file })).resolves.toBe('y'.repeat(40));
  });

  it('refuses a missing or short AUTH_SECRET_FILE', async () => {
    const file = join(files, 'absent');
    await expect(configured({ AUTH_SECRET_FILE: file })).rejects.toThrow(`${file}, which does not exist`);
    await writeFile(file, 'short');
    await expect(configured({ AUTH_SECRET_FILE: file })).rejects.toThrow(/at least 32 characters/);
  });

  it('moves a secret an earlier version kept in the database into AUTH_SECRET_FILE (mode 0600), then deletes the row', async () => {
    await storeOldSecret();
    await expect(configured()).rejects.toThrow(/instance_secret.*Set AUTH_SECRET_FILE/);
    expect(await storedRows()).toBe(1);

    const file = join(files, 'auth-secret');
    await expect(configured({ AUTH_SECRET_FILE: file })).resolves.toBe(OLD_SECRET);
    expect((await readFile(file, 'utf8')).trim()).toBe(OLD_SECRET);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await storedRows()).toBe(0);
    // The next start reads the file.
    await expect(configured({ AUTH_SECRET_FILE: file })).resolves.toBe(OLD_SECRET);
  });

  it('refuses an AUTH_SECRET that differs from the stored one, keeping the row (enrolments depend on it)', async () => {
    await storeOldSecret();
    await expect(configured({ AUTH_SECRET: 'z'.repeat(40) })).rejects.toThrow(/differs .*instance_secret/);
    expect(await storedRows()).toBe(1);
    await expect(configured({ AUTH_SECRET: OLD_SECRET })).resolves.toBe(OLD_SECRET);
    expect(await storedRows()).toBe(0);
  });

  it('the application role cannot read the table at all', async () => {
    await storeOldSecret();
    const app = createDb(pg.appUrl, { max: 1 });
    try {
      await expect(app.sql`select value from instance_secret`).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.close();
    }
  });
});

describe('with the embedded PostgreSQL', () => {
  it('generates a secret into <data folder>/auth-secret, readable by this user alone, and keeps it', async () => {
    const first = await embedded(files);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(files, 'auth-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await expect(embedded(files)).resolves.toBe(first);
    expect(await storedRows()).toBe(0);
  });

  it('moves a secret an earlier version kept in the database into that file', async () => {
    await storeOldSecret();
    await expect(embedded(files)).resolves.toBe(OLD_SECRET);
    expect((await readFile(join(files, 'auth-secret'), 'utf8')).trim()).toBe(OLD_SECRET);
    expect(await storedRows()).toBe(0);
  });
});
