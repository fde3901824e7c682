import { namePrefixQuery } from '@threshold/db';
import type { BrowserContext, Page, Route } from 'playwright-core';
import type postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { screenshot, seriousA11yViolations } from '../support/browser.ts';
import { kioskStrings, type Visitor } from '../support/kiosk.ts';
import { type OfflineKiosk, startOfflineKiosk } from '../support/kiosk-fixture.ts';
import {
  answerUpToNoPhoto,
  badgeCode,
  cachedApiUrls,
  everythingTheBrowserHolds,
  keepOnlyCodes,
  keptCount,
  signAtNoPhoto,
  signOutWithCode,
  throughSubmitBudget,
  waitUntilReadyOffline,
} from '../support/kiosk-offline.ts';
import type { RunningServer } from '../support/server.ts';

const en = kioskStrings('en');
const km = kioskStrings('km');
// Short, so the badge screen's own return to welcome (an idle reset) comes quickly.
const IDLE_SECONDS = 2;
// The tablet's report to the server (30 s under `npm start`): short, so the desk hears what it holds within seconds.
const HEARTBEAT_SECONDS = 5;

let offline: OfflineKiosk;
let server: RunningServer;
let context: BrowserContext;
let kiosk: Page;
let sql: postgres.Sql;
let token: string;
let deviceId: string;

const visitor = (fullName: string, organisation: string): Visitor => ({
  fullName,
  organisation,
  categoryKey: 'contractor',
  purpose: 'Inspect the fire doors',
  host: 'Tom Hughes',
  email: 'ottoline@example.org',
});

beforeAll(async () => {
  offline = await startOfflineKiosk({ idleSeconds: IDLE_SECONDS, heartbeatSeconds: HEARTBEAT_SECONDS });
  ({ server, context, kiosk, sql, token, deviceId } = offline);
});

afterAll(() => offline?.close());

/**
 * The screen's serious accessibility findings, scanned straight after a touch: with a 2-second idle timeout the
 * "are you still there?" overlay would otherwise appear in the middle of the scan.
 */
async function a11yWithinIdleTimeout(page: Page): Promise<string[]> {
  await page.locator('h1').click();
  return seriousA11yViolations(page);
}

const visitsNamed = (name: string) =>
  sql<{ visit_code: string; signed_in_at: Date; recorded_at: Date; signed_out_at: Date | null }[]>`
    select visit_code, signed_in_at, recorded_at, signed_out_at from visit where visitor_name_index @> ${namePrefixQuery(name)}::text[]`;

describe('a kiosk that loses its connection (real Chromium, real server)', () => {
  // Each scenario starts with the tablet online, whatever the one before left behind.
  beforeEach(() => context.setOffline(false));

  it('keeps a sign-in and a sign-out made offline through an idle reset and a reload, then delivers each once', {
    timeout: 240_000,
  }, async () => {
    const kioskApi = apiClient(server.url, { kioskToken: token });
    // Signed in this morning while all was well; leaves while the tablet is offline.
    const leaver = await signInThroughApi(kioskApi, { fullName: 'Leopold Marchbanks', organisation: 'Roofing' });
    const ottoline = visitor('Ottoline Fernsby', 'Fernsby Fire Safety');

    await answerUpToNoPhoto(kiosk, 'en', ottoline);
    await context.setOffline(true);
    const signedAt = await signAtNoPhoto(kiosk, 'en');
    // It tries first, and says so.
    await kiosk.getByText(en('submit.retrying')).waitFor();
    await screenshot(kiosk, 'kiosk-offline-submit-retrying');
    await kiosk.getByText(en('signedIn.kept')).waitFor({ timeout: 20_000 });
    const code = await badgeCode(kiosk);
    expect(Date.now() - signedAt.getTime()).toBeLessThan(12_000);
    // The badge's code is one the server set aside for this tablet.
    expect(await sql`select 1 from kiosk_visit_code where device_id = ${deviceId} and code = ${code}`).toHaveLength(1);
    // Confirming the escort needs the server: not offered while the sign-in waits on the tablet.
    expect(await kiosk.getByRole('button', { name: en('pin.open') }).count()).toBe(0);
    expect(await a11yWithinIdleTimeout(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-offline-badge-en');

    // The badge screen returns to welcome on its own (an idle reset); the sign-in stays on the tablet.
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor({ timeout: 30_000 });
    expect(await keptCount(kiosk, 'records')).toBe(1);

    // Reloaded with no network at all: the service worker serves the app, the kiosk's status and the documents.
    await kiosk.reload();
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
    await expect
      .poll(() => kiosk.getByTestId('queue-notice').textContent())
      .toContain(en('welcome.queued_one').replace('{{count}}', '1'));
    await screenshot(kiosk, 'kiosk-offline-reloaded');

    const signedOutAt = await signOutWithCode(kiosk, 'en', leaver.visitCode);
    await throughSubmitBudget(kiosk, kiosk.getByText(en('signedOut.kept')));
    expect(await a11yWithinIdleTimeout(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-offline-signed-out-en');
    await kiosk.getByRole('button', { name: en('signedOut.done') }).click();
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
    expect(await keptCount(kiosk, 'records')).toBe(2);
    expect(await kiosk.getByTestId('queue-notice').textContent()).toContain(
      en('welcome.queued_other').replace('{{count}}', '2'),
    );
    await screenshot(kiosk, 'kiosk-offline-welcome-holding');

    // Counts only: nothing of either visitor can be read anywhere in the page or the browser's storage.
    const held = await everythingTheBrowserHolds(kiosk);
    for (const secret of ['Ottoline', 'Fernsby', 'fire doors', 'Tom Hughes', 'ottoline@', code, leaver.visitCode]) {
      expect(held, `the browser holds "${secret}"`).not.toContain(secret);
    }
    expect(held).toContain('CryptoKey(AES-GCM, extractable=false)');
    expect(await kiosk.evaluate(() => Object.keys(localStorage))).toEqual(['threshold.kiosk.deviceToken']);
    for (const url of await cachedApiUrls(kiosk)) {
      expect(new URL(url).pathname).toMatch(/^\/trpc\/kiosk\.(status|documents)$/);
    }

    // Online again, but the visits API still unreachable: the heartbeat tells the desk what the tablet holds.
    const blockVisits = (route: Route) => route.abort('connectionrefused');
    await kiosk.route('**/trpc/visits.**', blockVisits);
    await context.setOffline(false);
    const reception = apiClient(server.url, { cookie: await staffCookie(server.url, demo.reception, demo.password) });
    const siteId = (await reception.staff.me.query()).roles[0]?.siteId ?? '';
    const thisTablet = async () => (await reception.kiosk.health.query({ siteId })).find((t) => t.id === deviceId);
    // The page was loaded offline. Chromium may still tell it navigator.onLine is true, and then sends no 'online'
    // event when the network returns (150 does). The report then comes with the tablet's next regular beat: every
    // 30 s until the server has answered once (HEARTBEAT_SECONDS reaches the tablet in that answer).
    await expect.poll(async () => (await thisTablet())?.queuedCount, { timeout: 45_000 }).toBe(2);
    const reported = await thisTablet();
    expect(reported?.state).toBe('online');
    expect(Math.abs((reported?.queuedSince?.getTime() ?? 0) - signedAt.getTime())).toBeLessThan(3000);

    // The connection is whole again: both are delivered, each once, with their original times.
    await kiosk.unroute('**/trpc/visits.**', blockVisits);
    const backAt = Date.now();
    await expect.poll(() => keptCount(kiosk, 'records'), { timeout: 45_000, interval: 250 }).toBe(0);
    const [stored, ...others] = await visitsNamed(ottoline.fullName);
    expect(others).toEqual([]);
    expect(stored?.visit_code).toBe(code);
    const signedInAt = stored?.signed_in_at.getTime() ?? 0;
    expect(Math.abs(signedInAt - signedAt.getTime())).toBeLessThan(3000);
    expect(backAt - signedInAt).toBeGreaterThan(20_000);
    expect(stored?.recorded_at.getTime()).toBeGreaterThan(backAt - 1000);
    const [left] = await sql<{ signed_out_at: Date | null; sign_out_key: string | null }[]>`
      select signed_out_at, sign_out_key from visit where visit_code = ${leaver.visitCode}`;
    expect(Math.abs((left?.signed_out_at?.getTime() ?? 0) - signedOutAt.getTime())).toBeLessThan(3000);
    expect(left?.sign_out_key).not.toBeNull();
    await kiosk.getByTestId('queue-notice').waitFor({ state: 'detached' });
    // The next heartbeat tells the desk the tablet holds nothing any more.
    await expect.poll(async () => (await thisTablet())?.queuedCount, { timeout: 40_000 }).toBe(0);
  });

  it('retries a sign-in the server answers 503 (its database down), with the same key, and stores it once', async () => {
    const keys: string[] = [];
    let refused = 0;
    const unavailable = async (route: Route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { json?: { idempotencyKey?: string } };
      keys.push(body.json?.idempotencyKey ?? '');
      if (refused >= 3) return route.continue();
      refused += 1;
      // What the server's database gate answers: tRPC's SERVICE_UNAVAILABLE, with Retry-After.
      await route.fulfill({
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
        body: JSON.stringify({
          error: {
            json: {
              message: 'Threshold cannot reach its database just now. Please try again in a moment.',
              code: -32603,
              data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path: 'visits.signIn' },
            },
          },
        }),
      });
    };
    await kiosk.route('**/trpc/visits.signIn**', unavailable);
    const cressida = visitor('Cressida Wolstenholme', 'Wolstenholme Lifts');
    await answerUpToNoPhoto(kiosk, 'en', cressida);
    await signAtNoPhoto(kiosk, 'en');
    await kiosk.getByText(en('submit.retrying')).waitFor();
    await kiosk.getByRole('heading', { name: en('signedIn.title') }).waitFor({ timeout: 20_000 });
    const code = await badgeCode(kiosk);
    await kiosk.unroute('**/trpc/visits.signIn**', unavailable);

    // Acknowledged within the visitor's wait: a normal badge, not a kept one.
    expect(await kiosk.getByText(en('signedIn.kept')).count()).toBe(0);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    expect((await visitsNamed(cressida.fullName)).map((v) => v.visit_code)).toEqual([code]);
  });

  it('keeps a sign-in and its own sign-out made offline in Khmer, warns near the cap, and sends the sign-in first', {
    timeout: 180_000,
  }, async () => {
    await kiosk.reload();
    await waitUntilReadyOffline(kiosk);
    await context.setOffline(true);
    // Few codes left: after this sign-in the tablet can keep only 4 more, and the welcome screen says so.
    await keepOnlyCodes(kiosk, 5);
    // The whole journey offline: the Khmer documents come from the service worker's cache.
    const sopheap = visitor('Sopheap Vannarith', 'Mekong Water Works');
    await answerUpToNoPhoto(kiosk, 'km', sopheap);
    await signAtNoPhoto(kiosk, 'km');
    await throughSubmitBudget(kiosk, kiosk.getByText(km('signedIn.kept')));
    const code = await badgeCode(kiosk);
    await screenshot(kiosk, 'kiosk-offline-badge-km');
    await kiosk.getByRole('button', { name: km('signedIn.finish') }).click();

    await signOutWithCode(kiosk, 'km', code);
    await kiosk.getByText(km('submit.retrying')).waitFor();
    await screenshot(kiosk, 'kiosk-offline-signing-out-km');
    await throughSubmitBudget(kiosk, kiosk.getByText(km('signedOut.kept')));
    await screenshot(kiosk, 'kiosk-offline-signed-out-km');
    await kiosk.getByRole('button', { name: km('signedOut.done') }).click();
    await kiosk.getByRole('button', { name: km('meta.name'), exact: true }).click();
    const notice = kiosk.getByTestId('queue-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(km('welcome.nearlyFull_other').replace('{{count}}', '4'));
    await screenshot(kiosk, 'kiosk-offline-welcome-holding-km');
    await kiosk.getByRole('button', { name: 'English', exact: true }).click();
    expect(await notice.textContent()).toContain(en('welcome.nearlyFull_other').replace('{{count}}', '4'));
    await screenshot(kiosk, 'kiosk-offline-welcome-nearly-full');
    expect(await keptCount(kiosk, 'records')).toBe(2);

    await context.setOffline(false);
    await expect.poll(() => keptCount(kiosk, 'records'), { timeout: 30_000, interval: 250 }).toBe(0);
    // Sent in order: the sign-out found the visit its sign-in had just created.
    const [stored, ...others] = await visitsNamed(sopheap.fullName);
    expect(others).toEqual([]);
    expect(stored?.visit_code).toBe(code);
    expect(stored?.signed_out_at).not.toBeNull();
  });

  it('refuses an offline sign-in in plain words when the tablet has no codes left, and signs in online later', {
    timeout: 180_000,
  }, async () => {
    const leaving = await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
      fullName: 'Hortensia Blackwood',
      organisation: 'Blackwood Catering',
    });
    await kiosk.reload();
    await waitUntilReadyOffline(kiosk);
    await context.setOffline(true);
    // As if every reserved code had been handed out while offline.
    await keepOnlyCodes(kiosk, 0);
    const turnedAway = visitor('Ambrose Pettigrew', 'Pettigrew Glazing');
    await answerUpToNoPhoto(kiosk, 'en', turnedAway);
    await signAtNoPhoto(kiosk, 'en');
    await throughSubmitBudget(kiosk, kiosk.getByText(en('submit.notKept')));
    expect(await keptCount(kiosk, 'records')).toBe(0);
    expect(await a11yWithinIdleTimeout(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-offline-not-kept');
    await kiosk.getByRole('button', { name: en('app.startAgain') }).click();

    // A sign-out needs no code: it is kept. The welcome screen then says sign-ins cannot be kept any more.
    await signOutWithCode(kiosk, 'en', leaving.visitCode);
    await kiosk.getByText(en('submit.retrying')).waitFor();
    await screenshot(kiosk, 'kiosk-offline-signing-out-en');
    await throughSubmitBudget(kiosk, kiosk.getByText(en('signedOut.kept')));
    await kiosk.getByRole('button', { name: en('signedOut.done') }).click();
    const notice = kiosk.getByTestId('queue-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(en('welcome.full'));
    await screenshot(kiosk, 'kiosk-offline-welcome-full');
    await kiosk.getByRole('button', { name: km('meta.name'), exact: true }).click();
    expect(await notice.textContent()).toContain(km('welcome.full'));
    await screenshot(kiosk, 'kiosk-offline-welcome-full-km');

    const vuthy = visitor('Vuthy Chhun', 'Angkor Glass');
    await answerUpToNoPhoto(kiosk, 'km', vuthy);
    await signAtNoPhoto(kiosk, 'km');
    await throughSubmitBudget(kiosk, kiosk.getByText(km('submit.notKept')));
    await screenshot(kiosk, 'kiosk-offline-not-kept-km');

    // Online again, "Try again" sends the same journey (same key) and the server draws the code.
    await context.setOffline(false);
    await kiosk.getByRole('button', { name: km('submit.tryAgain') }).click();
    await kiosk.getByRole('heading', { name: km('signedIn.title') }).waitFor({ timeout: 20_000 });
    const code = await badgeCode(kiosk);
    expect(await kiosk.getByText(km('signedIn.kept')).count()).toBe(0);
    expect((await visitsNamed(vuthy.fullName)).map((v) => v.visit_code)).toEqual([code]);
    // The journey that was turned away was never stored; the kept sign-out was delivered.
    expect(await visitsNamed(turnedAway.fullName)).toEqual([]);
    await expect.poll(() => keptCount(kiosk, 'records'), { timeout: 30_000, interval: 250 }).toBe(0);
    expect((await visitsNamed('Hortensia Blackwood'))[0]?.signed_out_at).not.toBeNull();
  });
});
