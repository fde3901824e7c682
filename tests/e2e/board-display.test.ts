import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// The display's stream re-checks its token every 5 s; allow two beats and the page's own work.
const BEATS_MS = 15_000;

let server: RunningServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function newPage(width: number, height: number): Promise<Page> {
  return (await browser.newContext({ viewport: { width, height } })).newPage();
}

/** Everything the page holds as text and markup: a name must be absent from all of it, not just hidden. */
const wholeDom = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

/** Makes the page report itself hidden or shown, as a browser does when its tab or screen is put away. */
const setVisible = (page: Page, visible: boolean) =>
  page.evaluate((v) => {
    Object.defineProperty(document, 'visibilityState', { value: v ? 'visible' : 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, visible);

describe('a board display, in Chromium against the real server', () => {
  it('is added and paired by an admin, shows "First I." only, hides names, and blanks when revoked', async () => {
    const admin = apiClient(server.url, { cookie: await staffCookie(server.url, demo.admin, demo.password) });
    const siteId = (await admin.staff.me.query()).roles[0]?.siteId ?? '';
    const kiosk = apiClient(server.url, {
      kioskToken: (await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' })).token,
    });

    // The admin adds a display for reception and creates its pairing code, on the Kiosks page.
    const desk = await newPage(1400, 1000);
    await desk.goto(`${server.url}/admin/`);
    await signInToAdmin(desk, demo.admin);
    await desk.goto(`${server.url}/admin/#/sites/${siteId}/kiosks`);
    const panel = desk.getByRole('region', { name: 'Board displays' });
    await panel.getByLabel('Display name').fill('Reception screen');
    await panel.getByLabel('Show names from').fill('00:00');
    await panel.getByLabel('Show names until').fill('23:59');
    await panel.getByRole('button', { name: 'Add display' }).click();
    await panel.getByRole('cell', { name: 'Reception screen', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Pair a screen: Reception screen' }).click();
    const code = (await desk.getByTestId('display-pairing-code').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(await seriousA11yViolations(desk)).toEqual([]);
    await screenshot(desk, 'board-display-admin-panel');

    // The room's screen pairs with the code.
    const screen = await newPage(1920, 1080);
    await screen.goto(`${server.url}/admin/#/display`);
    await screen.getByLabel('Pairing code').fill(code);
    await screen.getByRole('button', { name: 'Pair this screen' }).click();
    await screen.getByRole('heading', { name: 'Reception screen' }).waitFor();
    await screenshot(screen, 'board-display-empty');

    // A visitor signs in at the kiosk and appears by first name and initial, with nothing else about them.
    await signInThroughApi(kiosk, { fullName: 'Amara Grace Nwosu', organisation: 'Harbour Surveys' });
    await screen.getByText('Amara N.', { exact: true }).waitFor({ timeout: BEATS_MS });
    await screen.getByText('Waiting for escort', { exact: true }).waitFor();
    const dom = await wholeDom(screen);
    for (const secret of ['Nwosu', 'Grace', 'Harbour', 'Tom Hughes', 'Boiler']) expect(dom).not.toContain(secret);
    expect(await seriousA11yViolations(screen)).toEqual([]);
    await screenshot(screen, 'board-display-board');

    // Reception taps "Hide names": counts stay, the name leaves the page.
    await screen.getByRole('button', { name: 'Hide names' }).click();
    await screen.getByText('Names hidden.', { exact: false }).waitFor();
    expect(await wholeDom(screen)).not.toContain('Amara');
    expect(await screen.locator('.display-counts').textContent()).toContain('1 visitor on site');
    await screenshot(screen, 'board-display-names-hidden');
    // A reload (or the screen restarting) keeps them hidden.
    await screen.reload();
    await screen.getByText('Names hidden.', { exact: false }).waitFor();
    expect(await wholeDom(screen)).not.toContain('Amara');
    await screen.getByRole('button', { name: 'Show names' }).click();
    await screen.getByText('Amara N.', { exact: true }).waitFor();

    // Put away (tab hidden, screen off): the names leave the page and come back when it is shown again.
    await setVisible(screen, false);
    await screen.getByText('Paused while this page is not shown.').waitFor();
    expect(await wholeDom(screen)).not.toContain('Amara');
    await setVisible(screen, true);
    await screen.getByText('Amara N.', { exact: true }).waitFor({ timeout: BEATS_MS });

    // The admin revokes the display: within seconds it blanks and says why.
    await panel.getByRole('button', { name: 'Revoke Reception screen' }).click();
    await panel.getByRole('button', { name: 'Yes, revoke Reception screen' }).click();
    const revokedAt = Date.now();
    await screen.getByText('This display was removed by an admin').waitFor({ timeout: BEATS_MS });
    const blankedWithinMs = Date.now() - revokedAt;
    expect(await wholeDom(screen)).not.toContain('Amara');
    expect(await screen.evaluate(() => localStorage.getItem('threshold.display.token'))).toBeNull();
    await screenshot(screen, 'board-display-revoked');
    console.log(`board display blanked ${blankedWithinMs} ms after the admin revoked it`);
    expect(blankedWithinMs).toBeLessThan(BEATS_MS);
  });
});
