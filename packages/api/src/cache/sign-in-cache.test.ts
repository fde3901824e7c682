import { randomUUID } from 'node:crypto';
import { createDb } from '@threshold/db';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { readSiteSettings, saveSiteSettings } from '../domain/site-settings.ts';
import { publishVersion } from '../test-support/documents.ts';
import { createHarness, kioskScene, visitorInput } from '../test-support/harness.ts';
import { signInCache, startSignInCache } from './sign-in-cache.ts';

const h = createHarness();
afterAll(() => h.close());

// A pool closed before use: a read that reaches the database through it fails, one served from memory does not.
const closed = createDb(inject('databaseUrl'), { max: 1 });
await closed.close();
const fromMemoryOnly = closed.db;

const applicationName = `cache-test-${randomUUID().slice(0, 8)}`;
let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function listen() {
  const cache = await startSignInCache(inject('databaseUrl'), { applicationName });
  stop = cache.close;
}

describe('the sign-in cache', () => {
  it('reads the database every time while the process does not listen for changes', async () => {
    const { site } = await kioskScene(h);
    expect(await signInCache.site(h.db, site.id)).toMatchObject({ id: site.id });
    await expect(signInCache.site(fromMemoryOnly, site.id)).rejects.toThrow();
  });

  it('serves a site from memory while listening, and reads it again once it changes', async () => {
    const { site } = await kioskScene(h);
    await listen();
    const first = await signInCache.site(h.db, site.id);
    expect(await signInCache.site(fromMemoryOnly, site.id)).toEqual(first);

    const { site: stored, organisation } = await readSiteSettings(h.db, { siteId: site.id });
    const settings = { ...stored, ...organisation, escortConfirmSeconds: (first?.escortConfirmSeconds ?? 0) + 60 };
    await saveSiteSettings(h.db, { siteId: site.id, staffId: 'test-staff', settings });
    // Forgotten once the change's NOTIFY arrives: the next read goes to the database.
    await vi.waitFor(() => expect(signInCache.site(fromMemoryOnly, site.id)).rejects.toThrow(), { timeout: 5000 });
    expect(await signInCache.site(h.db, site.id)).toMatchObject({
      escortConfirmSeconds: (first?.escortConfirmSeconds ?? 0) + 60,
    });
  });

  it('forgets everything when its LISTEN connection was cut, since changes in between went unannounced', async () => {
    const { site } = await kioskScene(h);
    await listen();
    await signInCache.site(h.db, site.id);
    await expect(signInCache.site(fromMemoryOnly, site.id)).resolves.toMatchObject({ id: site.id });
    const killed = await h.handle.sql<{ pid: number }[]>`
      select pg_terminate_backend(pid), pid from pg_stat_activity where application_name = ${applicationName}`;
    expect(killed).toHaveLength(1);
    await vi.waitFor(() => expect(signInCache.site(fromMemoryOnly, site.id)).rejects.toThrow(), { timeout: 10_000 });
  });
});

describe('saving a site’s settings', () => {
  it('makes this process forget the site at once, without waiting for the NOTIFY', async () => {
    const { site } = await kioskScene(h);
    // Trusted without a listener, so only the save itself can make it forget.
    const release = signInCache.hold();
    try {
      await signInCache.site(h.db, site.id);
      await expect(signInCache.site(fromMemoryOnly, site.id)).resolves.toMatchObject({ id: site.id });
      const { site: stored, organisation } = await readSiteSettings(h.db, { siteId: site.id });
      const settings = { ...stored, ...organisation, expectedVisitMinutes: stored.expectedVisitMinutes + 30 };
      await saveSiteSettings(h.db, { siteId: site.id, staffId: 'test-staff', settings });
      await expect(signInCache.site(fromMemoryOnly, site.id)).rejects.toThrow();
      expect(await signInCache.site(h.db, site.id)).toMatchObject({
        expectedVisitMinutes: stored.expectedVisitMinutes + 30,
      });
    } finally {
      release();
    }
  });
});

describe('a kiosk sign-in with the cache in use', () => {
  it('accepts a document version published a moment ago, before the process has heard of it', async () => {
    const scene = await kioskScene(h);
    // Trusted without a listener, so no notice can arrive: the copy in memory stays behind the database.
    const release = signInCache.hold();
    try {
      await scene.caller.visits.signIn(visitorInput(scene));
      const form = await publishVersion(h, scene.site, {
        kind: 'visitor_confidentiality_form',
        language: 'en',
        body: 'A newer form.',
      });
      const documents = { ...scene.documents, form: { documentId: form.id, documentSha256: form.sha256 } };
      const receipt = await scene.caller.visits.signIn(visitorInput({ documents }));
      expect(receipt.replayed).toBe(false);
    } finally {
      release();
    }
  });
});
