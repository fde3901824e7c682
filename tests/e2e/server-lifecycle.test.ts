import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestDatabase, type TestDatabase } from '@threshold/db/testing';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { startServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  it('seeds demo data once, keeps it across restarts, and stops cleanly on Ctrl-C', async () => {
    const dataDir = await tempDataDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const first = await startServer({ THRESHOLD_DATA_DIR: dataDir });
    expect(first.output()).toContain('Seeded the demo organisation.');
    expect(first.output()).toContain(`${demo.coordinator}  /  ${demo.password}`);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });

    const { token } = await apiClient(first.url).kiosk.pair.mutate({ code: first.pairingCode() ?? '' });
    const receipt = await signInThroughApi(apiClient(first.url, { kioskToken: token }), {
      fullName: 'Persisted Visitor',
      organisation: 'Restart Ltd',
    });
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('Stopped cleanly.');
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startServer({ THRESHOLD_DATA_DIR: dataDir });
    cleanups.push(() => second.stop());
    expect(second.output()).toContain('Using the demo data from an earlier start.');
    expect(second.pairingCode()).toMatch(/^\d{6}$/);
    const cookie = await staffCookie(second.url, demo.coordinator, demo.password);
    const staff = apiClient(second.url, { cookie });
    const me = await staff.staff.me.query();
    const siteId = me.roles[0]?.siteId ?? '';
    const onSite = await staff.visits.onSite.query({ siteId });
    expect(onSite.map((v) => v.visitorName)).toEqual(['Persisted Visitor']);
    // The device token from before the restart still works: it lives in PostgreSQL, not in the process.
    await expect(
      apiClient(second.url, { kioskToken: token }).visits.signOut.mutate({ visitCode: receipt.visitCode }),
    ).resolves.toEqual({ signedOut: true });
  });
});

describe('DATABASE_URL (any PostgreSQL)', () => {
  let database: TestDatabase;

  it('migrates as the owner, serves as the application role, and seeds nothing', async () => {
    database = await startTestDatabase();
    cleanups.push(() => database.stop());
    const server = await startServer({ DATABASE_URL: database.appUrl, DATABASE_OWNER_URL: database.ownerUrl });
    cleanups.push(() => server.stop());
    expect(server.output()).not.toContain('pairing code');
    expect(server.output()).not.toContain('Warning');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const sql = postgres(database.appUrl, { max: 1 });
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from organisation`;
      expect(row?.n).toBe(0);
    } finally {
      await sql.end();
    }
    await expect(apiClient(server.url).kiosk.pair.mutate({ code: '123456' })).rejects.toMatchObject({
      data: { code: 'NOT_FOUND' },
    });
    const code = await server.stop();
    expect(server.output()).toContain('Stopped cleanly.');
    expect(code).toBe(0);
  });

  it('warns when DATABASE_URL must also serve for migrations', async () => {
    const server = await startServer({ DATABASE_URL: database.ownerUrl });
    cleanups.push(() => server.stop());
    expect(server.output()).toContain('Set DATABASE_OWNER_URL');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.stop();
  });

  it('warns when PostgreSQL allows fewer connections than the server may open under load', async () => {
    const server = await startServer({
      DATABASE_URL: database.appUrl,
      DATABASE_OWNER_URL: database.ownerUrl,
      THRESHOLD_DB_POOL: '100',
    });
    cleanups.push(() => server.stop());
    expect(server.output()).toMatch(
      /Warning: PostgreSQL allows \d+ connections, and this server may open 111 under load/,
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await server.stop();
  });

  it('answers /health with 503 when the database stops answering', async () => {
    const own = await startTestDatabase();
    const server = await startServer({ DATABASE_URL: own.appUrl, DATABASE_OWNER_URL: own.ownerUrl });
    cleanups.push(() => server.stop());
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await own.stop();
    const down = await fetch(`${server.url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    const body = await (await fetch(`${server.url}/trpc/kiosk.status`)).text();
    expect(body).not.toMatch(/at .*\.ts:\d+/);
  });
});
