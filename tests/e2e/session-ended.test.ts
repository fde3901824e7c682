import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const kiosk = apiClient(server.url, {
    kioskToken: (await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' })).token,
  });
  await signInThroughApi(kiosk, { fullName: 'Nadia Visitor', organisation: 'Harbour Surveys' });
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Reception's desk board, signed in, with the page's clock under the test's control (it runs on by itself). */
async function receptionBoard(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.clock.install();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, demo.reception);
  await page.getByText('Nadia V.').or(page.getByText('Nadia Visitor')).first().waitFor();
  return page;
}

const endSessionOf = (email: string, how: 'expire' | 'deactivate') =>
  how === 'expire'
    ? sql`update auth_session set expires_at = now() - interval '1 second'
           where user_id = (select id from staff where email = ${email})`
    : sql`update staff set active = false where email = ${email}`;

describe('a desk session that ends says why, in Chromium against the real server', () => {
  // Even after a failed test: the next one signs reception in again.
  afterEach(() => sql`update staff set active = true where email = ${demo.reception}`);

  it('left alone for 15 minutes: the board leaves the screen and sign-in says it was the idle timeout', async () => {
    const page = await receptionBoard();
    // The server's half of 15 idle minutes is its session row expiring; the page's half is its clock moving on.
    await endSessionOf(demo.reception, 'expire');
    await page.clock.fastForward('16:00');
    const notice = page
      .getByRole('status')
      .filter({ hasText: 'You were signed out after 15 minutes without activity. Sign in again to carry on.' });
    await notice.waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Sign in to Threshold' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('Nadia');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'session-ended-idle');
  });

  it('on an escort’s phone, signed out elsewhere: the next tap returns to sign-in saying so', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
    await page.clock.install();
    await page.goto(`${server.url}/admin/`);
    await signInToAdmin(page, 'escort1@demo.threshold.local');
    await page.getByRole('heading', { name: 'My visitors' }).waitFor();
    await sql`delete from auth_session where user_id = (select id from staff where email = 'escort1@demo.threshold.local')`;
    // A minute later the phone's own refresh, or a tap (activity: the app asks for its session), finds the session
    // gone well before its expiry: signed out elsewhere.
    await page.clock.fastForward('01:05');
    const signIn = page.getByRole('heading', { name: 'Sign in to Threshold' });
    await page.getByRole('heading', { name: 'My visitors' }).or(signIn).first().click();
    await page
      .getByRole('status')
      .filter({ hasText: 'you were signed out in another tab or on another device, or an admin ended it' })
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'session-ended-escort-phone');
  });

  it('deactivated while signed in: the next action returns to sign-in saying so', async () => {
    const page = await receptionBoard();
    await endSessionOf(demo.reception, 'deactivate');
    const signIn = page.getByRole('heading', { name: 'Sign in to Threshold' });
    await page.getByRole('link', { name: 'My account' }).or(signIn).first().click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Your session ended because your account was deactivated.' })
      .waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('Nadia');
    await screenshot(page, 'session-ended-deactivated');
  });

  it('deactivated, and another of the page’s requests ended the session: a keypress still says why', async () => {
    const page = await receptionBoard();
    await endSessionOf(demo.reception, 'deactivate');
    // A request of the board's (a refresh, the live stream reconnecting) met the deactivation first and ended the
    // session; its answer went elsewhere. Sent from the page's context, so with its cookie.
    expect((await page.request.get(`${server.url}/trpc/staff.me`)).status()).toBe(401);
    // A minute on without firing the board's timers: a keypress is then activity, and the app asks for its session.
    await page.clock.setSystemTime(Date.now() + 65_000);
    await page.keyboard.press('Shift');
    await page
      .getByRole('status')
      .filter({ hasText: 'Your session ended because your account was deactivated.' })
      .waitFor({ timeout: 15_000 });
  });
});
