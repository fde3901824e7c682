import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '@threshold/db';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boot, type Running } from './boot.ts';
import { runCli } from './cli/run.ts';
import { loadEnv, repoRoot } from './env.ts';

// docs/operating.md's SQL, run exactly as written on a fresh PostgreSQL as a superuser, then the server started on
// it with the roles the guide creates: the guide cannot drift from what the server needs.
let dir: string;
let cluster: EmbeddedDatabase;
let running: Running | undefined;
// The settings file of section 4, as the server and the `threshold` shell function both read it.
let settings: Record<string, string> = {};
let base = '';

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
    base = `http://127.0.0.1:${port}`;
    settings = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: urlAt(cluster.ownerUrl, 'threshold', app),
      DATABASE_OWNER_URL: urlAt(cluster.ownerUrl, 'threshold', owner),
      AUTH_SECRET: randomBytes(32).toString('base64'),
      THRESHOLD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    };
    process.env.THRESHOLD_QUIET = '1';
    running = await boot(loadEnv(settings));
    const health = await fetch(`${base}/health`);
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

// Section 5 after the first start, as a newcomer reads it: the `threshold …` lines of its shell block, run as
// written (the guide's placeholders filled in), then the admin's first sign-in and the tablet's pairing over HTTP.
/** Every `threshold …` command of section 5's shell blocks, in the order a newcomer meets them, as argument lists. */
function sectionFiveCommands(): string[][] {
  const section = guide.slice(guide.indexOf('## 5. First start'), guide.indexOf('## 6. '));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('threshold '))
    .map((line) =>
      [...line.slice('threshold '.length).matchAll(/"([^"]*)"|(<[^>]*>|\S+)/g)].map((m) => m[1] ?? m[2] ?? ''),
    );
}

/** `threshold ARGS` with the settings file: the ops CLI in this process, its console output captured. */
async function threshold(args: string[]) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await runCli(args, settings);
    return { code, stdout: out.mock.calls.join('\n'), stderr: err.mock.calls.join('\n') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Cookies carried from one response to the next request, as the browser does. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (pair.slice(at + 1) === '' || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function auth(jar: CookieJar, path: string, body: unknown) {
  const res = await fetch(`${base}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie: jar.header() },
    body: JSON.stringify(body),
  });
  jar.take(res);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> | null };
}

/** A tRPC call over HTTP in superjson's wire format: a query without input, or a mutation. */
async function trpc(path: string, { input, headers = {} }: { input?: unknown; headers?: Record<string, string> }) {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: input === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', origin: base, ...headers },
    body: input === undefined ? undefined : JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as {
    result?: { data: { json: Record<string, unknown> } };
    error?: { json: { message: string; data: { reason?: string } } };
  };
  return { status: res.status, data: body.result?.data.json, error: body.error?.json };
}

/** What an authenticator app shows for a base32 secret now (RFC 6238: HMAC-SHA1, 30 s, 6 digits), computed here. */
function totp(secretBase32: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secretBase32.replace(/=+$/, '').toUpperCase()]
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe('docs/operating.md section 5, after the first start', () => {
  let email = '';
  let password = '';
  let siteId = '';
  let cliCode = '';

  it('its commands run as written: the admin and site are created, listed, given a role and a pairing code', async () => {
    const commands = sectionFiveCommands();
    expect(commands.map((args) => args[0])).toEqual(['create-admin', 'sites', 'pair-kiosk', 'grant-role']);
    for (const args of commands) {
      const { code, stdout, stderr } = await threshold(args.map((arg) => (arg === '<site id>' ? siteId : arg)));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      if (args[0] === 'create-admin') {
        email = args[args.indexOf('--email') + 1] ?? '';
        siteId = /at site ([0-9a-f-]{36})/.exec(stdout)?.[1] ?? '';
        password = /Password .*: (\S+)/.exec(stdout)?.[1] ?? '';
      }
      if (args[0] === 'sites') expect(stdout).toContain(`${siteId}\t`);
      if (args[0] === 'pair-kiosk') cliCode = /: (\d{6}) /.exec(stdout)?.[1] ?? '';
    }
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(cliCode).toMatch(/^\d{6}$/);
  }, 60_000);

  it('the admin signs in, must choose a password, then set up two-factor, and is signed in; tablets pair', async () => {
    const first = new CookieJar();
    expect((await auth(first, '/sign-in/email', { email, password })).status).toBe(200);
    const mustChange = await trpc('staff.me', { headers: { cookie: first.header() } });
    expect(mustChange.status).toBe(401);
    expect(mustChange.error?.data.reason).toBe('password_change_required');

    const chosen = 'a password of my own choosing';
    const changed = await auth(first, '/change-password', { currentPassword: password, newPassword: chosen });
    expect(changed.status).toBe(200);
    const mustEnrol = await trpc('staff.me', { headers: { cookie: first.header() } });
    expect(mustEnrol.status).toBe(401);
    expect(mustEnrol.error?.data.reason).toBe('two_factor_enrolment_required');

    const enabled = await auth(first, '/two-factor/enable', { password: chosen });
    expect(enabled.status).toBe(200);
    const secret = new URL(String(enabled.body?.totpURI)).searchParams.get('secret') ?? '';
    expect((await auth(first, '/two-factor/verify-totp', { code: totp(secret) })).status).toBe(200);

    // The next sign-in asks for the password and a code, and then everything works.
    const next = new CookieJar();
    const step = await auth(next, '/sign-in/email', { email, password: chosen });
    expect(step.body).toMatchObject({ twoFactorRedirect: true });
    expect((await auth(next, '/two-factor/verify-totp', { code: totp(secret) })).status).toBe(200);
    const signedIn = { cookie: next.header() };
    const me = await trpc('staff.me', { headers: signedIn });
    expect(me.status).toBe(200);
    expect(me.data?.email).toBe(email);

    // "enter the 6-digit pairing code": the one `pair-kiosk` printed, and one the signed-in admin makes.
    const made = await trpc('kiosk.createPairingCode', { input: { siteId }, headers: signedIn });
    expect(made.status).toBe(200);
    for (const code of [cliCode, String(made.data?.code)]) {
      const paired = await trpc('kiosk.pair', { input: { code } });
      expect(paired.status).toBe(200);
      const status = await trpc('kiosk.status', { headers: { authorization: `Bearer ${paired.data?.token}` } });
      expect(status.status).toBe(200);
      expect(status.data?.siteName).toBe('Your house');
    }
  }, 60_000);
});
