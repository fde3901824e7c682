import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkApplicationAccess, DatabaseProblem } from './database-errors.ts';
import { freePort } from './embedded.ts';
import { migrateDatabase } from './migrate.ts';

// The test cluster's owner is a superuser: it makes fresh databases and roles here, one per case.
const superUrl = inject('ownerDatabaseUrl');
const admin = postgres(superUrl, { max: 1, onnotice: () => {} });
const created: string[] = [];
const limitedRole = `threshold_limited_${randomBytes(3).toString('hex')}`;
const limitedPassword = randomBytes(9).toString('hex');

function urlFor(database: string, role?: { name: string; password: string }) {
  const u = new URL(superUrl);
  u.pathname = `/${database}`;
  if (role) {
    u.username = role.name;
    u.password = role.password;
  }
  return u.toString();
}

async function freshDatabase(): Promise<string> {
  const name = `threshold_mig_${randomBytes(4).toString('hex')}`;
  await admin`create database ${admin(name)}`;
  created.push(name);
  return name;
}

const migrationRows = async (url: string) => {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return row?.n;
  } finally {
    await sql.end();
  }
};

beforeAll(async () => {
  await admin`create role ${admin(limitedRole)} login password ${admin.unsafe(`'${limitedPassword}'`)}`;
});

afterAll(async () => {
  for (const name of created) await admin`drop database if exists ${admin(name)} with (force)`;
  await admin`drop role if exists ${admin(limitedRole)}`;
  await admin.end();
});

describe('migrateDatabase', () => {
  it('lets concurrent migrations of a fresh database take turns: all succeed, each migration applied once', async () => {
    const url = urlFor(await freshDatabase());
    await expect(
      Promise.all([migrateDatabase(url, 'threshold_app'), migrateDatabase(url, 'threshold_app'), migrateDatabase(url)]),
    ).resolves.toHaveLength(3);
    const journal = (await import('../migrations/meta/_journal.json', { with: { type: 'json' } })).default;
    expect(await migrationRows(url)).toBe(journal.entries.length);
  });

  it('names the failed migration with PostgreSQL reason, and changes nothing', async () => {
    const url = urlFor(await freshDatabase());
    await migrateDatabase(url);
    // As if no migration had been recorded: the first one then fails on the tables it finds.
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql`delete from drizzle.__drizzle_migrations`;
    await sql.end();
    const failure = await migrateDatabase(url).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(DatabaseProblem);
    expect((failure as Error).message).toMatch(
      /^The database migration 0000_init failed: .*already exists \(PostgreSQL 42\w{3}\)\. Nothing was changed/,
    );
    expect(await migrationRows(url)).toBe(0);
  });

  it('says PostgreSQL cannot be reached, with where it looked', async () => {
    const port = await freePort();
    const url = `postgres://owner:secret@127.0.0.1:${port}/threshold`;
    await expect(migrateDatabase(url)).rejects.toThrow(
      new DatabaseProblem(
        `Cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED). Is it running and accepting TCP connections ` +
          'there? Check the host and port in DATABASE_OWNER_URL (or DATABASE_URL when that is unset).',
      ),
    );
  });

  it('says the password was refused, naming the role and never the password', async () => {
    const url = urlFor('postgres', { name: limitedRole, password: 'not-the-password' });
    const failure = (await migrateDatabase(url).catch((err: unknown) => err)) as Error;
    expect(failure).toBeInstanceOf(DatabaseProblem);
    expect(failure.message).toContain(`refused the password for role "${limitedRole}"`);
    expect(failure.message).not.toContain('not-the-password');
  });

  it('says the database does not exist', async () => {
    await expect(migrateDatabase(urlFor('threshold_nowhere'))).rejects.toThrow(
      /^Database "threshold_nowhere" does not exist on 127\.0\.0\.1:\d+\. Create it, owned by the owner role/,
    );
  });

  it('says which role may not change the schema, and what it needs', async () => {
    const database = await freshDatabase();
    const url = urlFor(database, { name: limitedRole, password: limitedPassword });
    await expect(migrateDatabase(url)).rejects.toThrow(
      new RegExp(
        `^Role "${limitedRole}" may not change the database's schema \\(PostgreSQL said: permission denied for ` +
          `database ${database}\\)\\. Migrations run as the owner role, .* which must own database "${database}"`,
      ),
    );
  });
});

describe('checkApplicationAccess', () => {
  it('passes for the application role of a migrated database', async () => {
    await expect(checkApplicationAccess(inject('databaseUrl'))).resolves.toBeUndefined();
  });

  it('says which grant a role without them lacks, and how to give it', async () => {
    const database = await freshDatabase();
    await migrateDatabase(urlFor(database));
    const url = urlFor(database, { name: limitedRole, password: limitedPassword });
    await expect(checkApplicationAccess(url)).rejects.toThrow(
      new RegExp(
        `^Role "${limitedRole}" lacks a privilege it needs \\(PostgreSQL said: permission denied for table ` +
          'organisation\\)\\..*npm run threshold -- migrate',
      ),
    );
  });

  it('says the tables are missing when nothing was migrated', async () => {
    const database = await freshDatabase();
    await expect(checkApplicationAccess(urlFor(database))).rejects.toThrow(
      new RegExp(`^Database "${database}" has no Threshold tables yet`),
    );
  });
});
