import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// The board polls tablet health every 15 s; give it two rounds.
const WITHIN_MS = 35_000;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
interface Paired {
  token: string;
  deviceId: string;
}
let front: Paired;
let garden: Paired;
let side: Paired;

async function pairAs(name: string, code: string) {
  return apiClient(server.url).kiosk.pair.mutate({ code, deviceName: name });
}

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function deskPage(email: string, width: number, height: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  return page;
}

describe('the desk board’s tablet status, in Chromium against the real server', () => {
  it('shows an offline tablet and one holding records it could not send, with what to do', async () => {
    // Three tablets: the demo's printed code, then codes an admin creates.
    const admin = apiClient(server.url, { cookie: await staffCookie(server.url, demo.admin, demo.password) });
    const me = await admin.staff.me.query();
    const siteId = me.roles[0]?.siteId ?? '';
    front = await pairAs('Front desk tablet', server.pairingCode() ?? '');
    garden = await pairAs('Garden gate tablet', (await admin.kiosk.createPairingCode.mutate({ siteId })).code);
    side = await pairAs('Side door tablet', (await admin.kiosk.createPairingCode.mutate({ siteId })).code);
    const beat = (k: { token: string }, queued: number, queuedSince: Date | null) =>
      apiClient(server.url, { kioskToken: k.token }).kiosk.heartbeat.mutate({ queued, queuedSince, usedThroughSeq: 0 });

    // A visitor on the board, so the page shows what the tablets' status is about.
    await signInThroughApi(apiClient(server.url, { kioskToken: side.token }), {
      fullName: 'Nadia Visitor',
      organisation: 'Harbour Surveys',
    });
    // Front desk: last heard of ten minutes ago. Garden gate: online, holding three records since five minutes ago.
    await beat(front, 0, null);
    await sql`update kiosk_device set heartbeat_at = now() - interval '10 minutes' where id = ${front.deviceId}`;
    const oldest = new Date(Date.now() - 5 * 60_000);
    await beat(garden, 3, oldest);
    await beat(side, 0, null);

    const page = await deskPage(demo.coordinator, 1400, 900);
    const attention = page.getByRole('region', { name: '2 tablets need attention' });
    await attention.waitFor({ timeout: 15_000 });
    const text = (await attention.textContent()) ?? '';
    expect(text).toMatch(/Front desk tablet: offline since \d{1,2}:\d{2}/);
    expect(text).toMatch(
      /Garden gate tablet: holding 3 sign-ins or sign-outs it could not send yet, the oldest from \d{1,2}:\d{2}/,
    );
    expect(text).toContain('the list below may be missing people');
    expect(text).toContain('Wi-Fi');
    expect(text).toContain('at reception');
    // The times are the site's (Europe/London), as the browser formats them.
    const londonClock = await page.evaluate(
      (iso) =>
        new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }),
      oldest.toISOString(),
    );
    expect(text).toContain(`the oldest from ${londonClock}`);
    expect(text).toContain('Other tablets: Side door tablet is online with nothing waiting to be sent.');
    // Tablets and counts only: the visitor is in the list, never in the tablets' status.
    await page.getByRole('row', { name: /Nadia Visitor/ }).waitFor();
    expect(text).not.toContain('Nadia');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-board-tablets');

    // An escort's phone width, as reception might use it.
    const phone = await deskPage(demo.reception, 390, 844);
    await phone.getByRole('region', { name: '2 tablets need attention' }).waitFor({ timeout: 15_000 });
    await screenshot(phone, 'admin-board-tablets-phone');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The tablets come back and send what they held: the board quietens by itself.
    await beat(front, 0, null);
    await beat(garden, 0, null);
    await expect
      .poll(() => page.locator('.tablets-quiet').first().textContent(), { timeout: WITHIN_MS, interval: 500 })
      .toBe(
        'Tablets: Front desk tablet, Garden gate tablet and Side door tablet are online with nothing waiting to be sent.',
      );
    expect(await page.getByRole('region', { name: /need attention/ }).count()).toBe(0);
    await screenshot(page, 'admin-board-tablets-ok');
  });

  it('shows each tablet’s connection and what it holds on the admin’s Kiosks page', async () => {
    await sql`update kiosk_device set heartbeat_at = now() - interval '10 minutes' where id = ${front.deviceId}`;
    await apiClient(server.url, { kioskToken: garden.token }).kiosk.heartbeat.mutate({
      queued: 2,
      queuedSince: new Date(Date.now() - 60_000),
      usedThroughSeq: 0,
    });
    const page = await deskPage(demo.admin, 1400, 900);
    await page.getByRole('link', { name: 'Kiosks', exact: true }).click();
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
    await row('Front desk tablet').waitFor();
    expect(await row('Front desk tablet').textContent()).toMatch(/Offline since \d{1,2}:\d{2}/);
    expect(await row('Garden gate tablet').textContent()).toMatch(
      /Online \(last report \d{1,2}:\d{2}.*\); holding 2 sign-ins or sign-outs not sent yet, the oldest from/,
    );
    expect(await row('Side door tablet').textContent()).toMatch(/Online \(last report/);
    await screenshot(page, 'admin-kiosks-connection');
  });
});
