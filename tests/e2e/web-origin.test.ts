import { rm } from 'node:fs/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// Served over plain http here, as behind a TLS-terminating proxy; people reach it at this https address.
const PUBLIC = 'https://threshold.example.org';

let local: RunningServer;
let proxied: RunningServer;
const dataDirs: string[] = [];

beforeAll(async () => {
  dataDirs.push(await tempDataDir(), await tempDataDir());
  [local, proxied] = await Promise.all([
    startServer({ THRESHOLD_DATA_DIR: dataDirs[0] ?? '' }),
    startServer({ THRESHOLD_DATA_DIR: dataDirs[1] ?? '', PUBLIC_URL: PUBLIC }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([local?.stop(), proxied?.stop()]);
  await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Signs the demo receptionist in (no second factor) as a page at `origin` would, returning the session cookie. */
async function receptionCookie(server: RunningServer, origin: string): Promise<{ status: number; cookie: string }> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: demo.reception, password: demo.password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .join('; ');
  return { status: res.status, cookie };
}

function setPin(server: RunningServer, cookie: string, headers: Record<string, string>) {
  return fetch(`${server.url}/trpc/staff.setPin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify({ json: { pin: '135790' } }),
  });
}

async function receptionPinSetAt(server: RunningServer): Promise<string | null> {
  const url = /application role\): (\S+)/.exec(server.output())?.[1];
  if (!url) throw new Error('the demo banner names no application-role URL');
  const sql = postgres(url, { max: 1 });
  try {
    const rows = await sql<{ at: string }[]>`
      select p.set_at::text as at from staff_pin p join staff s on s.id = p.staff_id where s.email = ${demo.reception}`;
    return rows[0]?.at ?? null;
  } finally {
    await sql.end();
  }
}

describe('Strict-Transport-Security', () => {
  it('is not sent when people reach the server over plain http', async () => {
    const res = await fetch(`${local.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('is sent when PUBLIC_URL is https', async () => {
    const res = await fetch(`${proxied.url}/health`);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
  });
});

describe('trusted origins', () => {
  it('are PUBLIC_URL alone when it is set: a localhost page cannot sign in to an https installation', async () => {
    const fromLocalhost = await receptionCookie(proxied, `http://localhost:${proxied.port}`);
    expect(fromLocalhost.status).toBe(403);
    const fromPublic = await receptionCookie(proxied, PUBLIC);
    expect(fromPublic.status).toBe(200);
    expect(fromPublic.cookie).toContain('__Secure-threshold.session_token=');
  });
});

describe('a staff session posting to /trpc', () => {
  it('is refused from another site, or with no sign of where it came from, and nothing changes', async () => {
    const { cookie } = await receptionCookie(local, local.url);
    const before = await receptionPinSetAt(local);
    const refusedHeaders: Record<string, string>[] = [
      { origin: 'https://attacker.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      {},
    ];
    for (const headers of refusedHeaders) {
      const res = await setPin(local, cookie, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toEqual({ error: expect.stringContaining("did not come from Threshold's own pages") });
    }
    expect(await receptionPinSetAt(local)).toBe(before);
  });

  it("is carried out from Threshold's own page, named by Origin or by Sec-Fetch-Site", async () => {
    const { cookie } = await receptionCookie(local, local.url);
    const byOrigin = await setPin(local, cookie, { origin: local.url });
    expect(byOrigin.status).toBe(200);
    const first = await receptionPinSetAt(local);
    expect(first).not.toBeNull();
    const byFetchMetadata = await setPin(local, cookie, { 'sec-fetch-site': 'same-origin' });
    expect(byFetchMetadata.status).toBe(200);
    expect(await receptionPinSetAt(local)).not.toBe(first);
  });

  it('on an https installation accepts its public origin only', async () => {
    const { cookie } = await receptionCookie(proxied, PUBLIC);
    expect((await setPin(proxied, cookie, { origin: `http://localhost:${proxied.port}` })).status).toBe(403);
    expect((await setPin(proxied, cookie, { origin: PUBLIC })).status).toBe(200);
  });
});
