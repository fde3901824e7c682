import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '@threshold/db';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Running } from './boot.ts';
import { loadEnv, repoRoot } from './env.ts';

// docs/operating.md's SQL, run exactly as written on a fresh PostgreSQL as a superuser, then the server started on
// it with the roles the guide creates: the guide cannot drift from what the server needs.
let dir: string;
let cluster: EmbeddedDatabase;
let running: Running | undefined;

const guide = await readFile(join(repoRoot, 'docs/operating.md'), 'utf8');
const sqlBlocks = [...guide.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const roles = new Map(
  [...sqlBlocks.join('\n').matchAll(/CREATE ROLE (\w+) LOGIN PASSWORD '([^']+)'/g)].map((m) => [m[1], m[2]]),
);

function urlAt(base: string, database: string, role?: { name: string; password: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (role) {
    url.username = role.name;
    url.password = role.password;
  }
  return url.toString();
}

/** The guide's blocks as psql would run them: statement by statement, `\connect DB` switching databases. */
async function runAsPsql(superUrl: string, blocks: string[]) {
  let sql = postgres(urlAt(superUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    for (const block of blocks) {
      for (const statement of block.split(/;\s*\n|\n(?=\\connect )/)) {
        const text = statement.replace(/^--.*$/gm, '').trim();
        if (!text) continue;
        const connect = /^\\connect (\w+)/.exec(text);
        if (connect?.[1]) {
          await sql.end();
          sql = postgres(urlAt(superUrl, connect[1]), { max: 1, onnotice: () => {} });
          continue;
        }
        await sql.unsafe(text);
      }
    }
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'threshold-guide-'));
  cluster = await startEmbeddedPostgres(dir, { fast: true });
  // The embedded launcher provisions its own database and application role; an empty PostgreSQL has neither.
  const reset = postgres(urlAt(cluster.ownerUrl, 'postgres'), { max: 1, onnotice: () => {} });
  await reset`drop database threshold with (force)`;
  await reset`drop role threshold_app`;
  await reset.end();
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('docs/operating.md', () => {
  it('creates an owner and an application role whose passwords the reader replaces', () => {
    expect(sqlBlocks.length).toBeGreaterThan(0);
    expect([...roles.keys()]).toEqual(['threshold_owner', 'threshold_app']);
  });

  it("its SQL gives a fresh PostgreSQL all the server needs: it starts with the guide's roles and is healthy", async () => {
    await runAsPsql(cluster.ownerUrl, sqlBlocks);
    const owner = { name: 'threshold_owner', password: roles.get('threshold_owner') ?? '' };
    const app = { name: 'threshold_app', password: roles.get('threshold_app') ?? '' };
    const port = await freePort();
    process.env.THRESHOLD_QUIET = '1';
    running = await boot(
      loadEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: urlAt(cluster.ownerUrl, 'threshold', app),
        DATABASE_OWNER_URL: urlAt(cluster.ownerUrl, 'threshold', owner),
        AUTH_SECRET: randomBytes(32).toString('base64'),
        THRESHOLD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      }),
    );
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(running.database.warnings).toEqual([]);

    // Least privilege as the guide promises: the application role owns nothing and can create nothing.
    const asApp = postgres(urlAt(cluster.ownerUrl, 'threshold', app), { max: 1, onnotice: () => {} });
    try {
      const owned = await asApp`select count(*)::int as n from pg_class c join pg_roles r on r.oid = c.relowner
                                 where r.rolname = current_user`;
      expect(owned[0]?.n).toBe(0);
      await expect(asApp`create table sneaky (id int)`).rejects.toMatchObject({ code: '42501' });
      await expect(asApp`create schema sneaky`).rejects.toMatchObject({ code: '42501' });
    } finally {
      await asApp.end();
    }

    // "Nobody else on this PostgreSQL may connect to it."
    const superuser = postgres(urlAt(cluster.ownerUrl, 'postgres'), { max: 1, onnotice: () => {} });
    await superuser`create role someone_else login password 'another-tenant'`;
    await superuser.end();
    const stranger = postgres(
      urlAt(cluster.ownerUrl, 'threshold', { name: 'someone_else', password: 'another-tenant' }),
      {
        max: 1,
        onnotice: () => {},
      },
    );
    await expect(stranger`select 1`).rejects.toMatchObject({ code: '42501' });
    await stranger.end();
  }, 120_000);
});
