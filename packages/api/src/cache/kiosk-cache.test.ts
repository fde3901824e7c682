import { createHash, randomUUID } from 'node:crypto';
import net from 'node:net';
import { createDb, revokeKioskDevice } from '@threshold/db';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { revokeKiosk } from '../domain/kiosk-devices.ts';
import { createHarness, kioskScene } from '../test-support/harness.ts';
import { KioskCache, kioskCache, startKioskCache } from './kiosk-cache.ts';

const h = createHarness();
afterAll(() => h.close());

// A pool closed before use: a lookup that reaches the database through it fails, one served from memory does not.
const closed = createDb(inject('databaseUrl'), { max: 1 });
await closed.close();
const fromMemoryOnly = closed.db;

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function listen(url: string, cache?: KioskCache) {
  const listener = await startKioskCache(url, { cache, applicationName: `kiosk-cache-${randomUUID().slice(0, 8)}` });
  stops.push(listener.close);
}

describe('the kiosk cache', () => {
  it('reads the database for every request while the process does not listen for kiosk changes', async () => {
    const { kiosk } = await kioskScene(h);
    expect(await kioskCache.device(h.db, hashOf(kiosk.token))).toMatchObject({ id: kiosk.deviceId });
    await expect(kioskCache.device(fromMemoryOnly, hashOf(kiosk.token))).rejects.toThrow();
  });

  it('serves a kiosk from memory while listening, and never remembers an unknown token', async () => {
    const { kiosk } = await kioskScene(h);
    await listen(inject('databaseUrl'));
    await kioskCache.device(h.db, hashOf(kiosk.token));
    expect(await kioskCache.device(fromMemoryOnly, hashOf(kiosk.token))).toMatchObject({ id: kiosk.deviceId });
    expect(await kioskCache.device(h.db, hashOf('not-a-token'))).toBeNull();
    await expect(kioskCache.device(fromMemoryOnly, hashOf('not-a-token'))).rejects.toThrow();
  });

  it('refuses a tablet revoked by another process at once, in this process and in a third', async () => {
    const scene = await kioskScene(h);
    const third = new KioskCache();
    await listen(inject('databaseUrl'));
    await listen(inject('databaseUrl'), third);
    await scene.caller.kiosk.status();
    await third.device(h.db, hashOf(scene.kiosk.token));
    await expect(scene.caller.kiosk.status()).resolves.toMatchObject({ deviceName: 'Test kiosk' });

    // Straight to the database, as another server process or the CLI would: only the NOTIFY tells these two.
    await revokeKioskDevice(h.db, { siteId: scene.site.id, deviceId: scene.kiosk.deviceId, now: new Date() });
    await vi.waitFor(() => expect(scene.caller.kiosk.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' }), {
      timeout: 2000,
    });
    await vi.waitFor(() => expect(third.device(fromMemoryOnly, hashOf(scene.kiosk.token))).rejects.toThrow(), {
      timeout: 2000,
    });
    expect(await third.device(h.db, hashOf(scene.kiosk.token))).toBeNull();
  });

  it('forgets a tablet revoked through this process before the revoke returns, without waiting for the NOTIFY', async () => {
    const scene = await kioskScene(h);
    // Trusted without a listener, so only the revoke itself can make it forget.
    const release = kioskCache.hold();
    try {
      await scene.caller.kiosk.status();
      await expect(kioskCache.device(fromMemoryOnly, hashOf(scene.kiosk.token))).resolves.toBeTruthy();
      await revokeKiosk(h.db, {
        siteId: scene.site.id,
        deviceId: scene.kiosk.deviceId,
        staffId: 'test-staff',
        now: new Date(),
      });
      await expect(scene.caller.kiosk.status()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      release();
    }
  });

  it('trusts nothing while its LISTEN connection is down, so a revoke then is still refused', async () => {
    const scene = await kioskScene(h);
    const proxy = await startProxy(new URL(inject('databaseUrl')));
    stops.push(proxy.close);
    const cache = new KioskCache();
    await listen(proxy.url, cache);
    await cache.device(h.db, hashOf(scene.kiosk.token));
    await expect(cache.device(fromMemoryOnly, hashOf(scene.kiosk.token))).resolves.toBeTruthy();

    proxy.cut();
    await vi.waitFor(() => expect(cache.trusted).toBe(false), { timeout: 2000 });
    await revokeKioskDevice(h.db, { siteId: scene.site.id, deviceId: scene.kiosk.deviceId, now: new Date() });
    expect(await cache.device(h.db, hashOf(scene.kiosk.token))).toBeNull();
    await expect(cache.device(fromMemoryOnly, hashOf(scene.kiosk.token))).rejects.toThrow();

    // Trusted again only once LISTEN is back in place (postgres.js reconnects by itself).
    proxy.restore();
    await vi.waitFor(() => expect(cache.trusted).toBe(true), { timeout: 5000 });
  });

  it('holds a bounded number of kiosks, dropping the oldest', async () => {
    const [first, second] = [await kioskScene(h), await kioskScene(h)];
    const cache = new KioskCache({ max: 1 });
    const release = cache.hold();
    try {
      await cache.device(h.db, hashOf(first.kiosk.token));
      await cache.device(h.db, hashOf(second.kiosk.token));
      await expect(cache.device(fromMemoryOnly, hashOf(first.kiosk.token))).rejects.toThrow();
      await expect(cache.device(fromMemoryOnly, hashOf(second.kiosk.token))).resolves.toMatchObject({
        id: second.kiosk.deviceId,
      });
    } finally {
      release();
    }
  });
});

/** A TCP hop to PostgreSQL that the test can cut (every connection closed, new ones refused) and restore. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect({ host: target.hostname, port: Number(target.port) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () => {
    server?.close();
    server = null;
    for (const s of sockets) s.destroy();
  };
  await open();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut, restore: open, close: async () => cut() };
}
