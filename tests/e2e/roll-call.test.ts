import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// The roll call refreshes every 3 s: a mark made on another phone shows within this.
const OTHER_PHONE_MS = 8000;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let page: Page;
let kiosk: ReturnType<typeof apiClient>;
let desk: ReturnType<typeof apiClient>;
let siteId: string;

/**
 * The demo coordinator signed in on a phone-sized touch screen. Not `isMobile`: the coordinator's row of section
 * tabs is wider than a phone, and mobile Chromium then zooms the whole page out (see the report to the lead).
 */
async function coordinatorOnPhone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const p = await context.newPage();
  await p.goto(`${server.url}/admin/`);
  await signInToAdmin(p, demo.coordinator);
  return p;
}

const count = () => page.locator('.roll-call-count').textContent();
const toggle = (name: string) => page.getByRole('button', { name: `${name}: Accounted for` });
/**
 * Taps made while a person's earlier mark is still on its way are coalesced into the last one (an undo and redo
 * before the server answered is no change), so a test that means to record each change waits for the answer.
 */
const settled = (name: string) => expect.poll(() => toggle(name).getAttribute('aria-busy')).toBe('false');
/** A person's card on the roll call (not their line in the "still missing" list). */
const card = (name: string) => page.locator('.roll-call-person').filter({ hasText: name });

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  kiosk = apiClient(server.url, { kioskToken: token });
  desk = apiClient(server.url, { cookie: await staffCookie(server.url, demo.reception, demo.password) });
  const [site] = await sql<{ id: string }[]>`select id from site`;
  siteId = site?.id ?? '';

  // One visitor with a demo escort (on duty, as the demo starts), one without.
  const escorted = await signInThroughApi(kiosk, { fullName: 'Lin Evacuee', organisation: 'Fire Drill Ltd' });
  await signInThroughApi(kiosk, { fullName: 'Max Missing', organisation: 'Fire Drill Ltd' });
  const [visit] = await sql<{ id: string }[]>`select id from visit where visit_code = ${escorted.visitCode}`;
  const sok = (await desk.escorts.list.query({ siteId })).find((e) => e.name === 'Sok Dara');
  if (!visit || !sok) throw new Error('demo data missing');
  await desk.escorts.assign.mutate({ siteId, visitId: visit.id, staffId: sok.staffId });

  browser = await launchBrowser();
  page = await coordinatorOnPhone();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('evacuation roll call on a phone', () => {
  it('starts with one confirmed action and lists visitors with their escorts and staff on duty', async () => {
    // On a phone the sections are behind the Menu button.
    await page.getByRole('button', { name: /^Menu/ }).click();
    await page.getByRole('link', { name: 'Roll call', exact: true }).click();
    await page.getByRole('heading', { name: 'Roll call', level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start roll call' }).click();
    await page.getByRole('button', { name: 'Yes, start the roll call' }).click();

    await expect.poll(count).toBe('0 of 4 accounted for');
    const lin = card('Lin E.');
    await expect.poll(() => lin.textContent()).toMatch(/Contractor · badge \w{6}.*Escort: Sok Dara/);
    expect(await card('Max M.').textContent()).toContain('No escort');
    const staff = page.getByRole('list', { name: /Staff on duty/ }).getByRole('listitem');
    expect(await staff.allTextContents()).toEqual([
      expect.stringContaining('Priya Raman'),
      expect.stringContaining('Sok Dara'),
    ]);
    // Full names stay off the list: first name and initial, as on the badge.
    expect(await page.locator('main').textContent()).not.toMatch(/Evacuee|Missing\b/);
  });

  it('marks people with large toggles, counts them, lists who is still missing, and takes a mark back', async () => {
    for (const name of ['Lin E.', 'Sok Dara']) {
      const box = await toggle(name).boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(44);
      await toggle(name).click();
    }
    await expect.poll(count).toBe('2 of 4 accounted for');
    await settled('Lin E.');
    await settled('Sok Dara');
    expect(await toggle('Lin E.').getAttribute('aria-pressed')).toBe('true');
    const missing = page.getByRole('region', { name: /Still missing/ });
    await expect
      .poll(() => missing.getByRole('listitem').allTextContents())
      .toEqual(['Max M. — visitor, no escort', 'Priya Raman — staff on duty']);

    await toggle('Sok Dara').click();
    await expect.poll(count).toBe('1 of 4 accounted for');
    await settled('Sok Dara');
    await toggle('Sok Dara').click();
    await expect.poll(count).toBe('2 of 4 accounted for');
    await settled('Sok Dara');
    await expect.poll(() => card('Lin E.').textContent()).toMatch(/Marked \d\d:\d\d.* by Dana Okafor/);

    // Nothing on the roll call is wider than the phone.
    const section = await page.locator('section.roll-call').boundingBox();
    expect((section?.x ?? 0) + (section?.width ?? 999)).toBeLessThanOrEqual(390);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'roll-call-phone');
  });

  it('shows marks made on another phone within seconds, and a second start joins the same roll call', async () => {
    const joined = await desk.rollCall.start.mutate({ siteId });
    expect(joined.created).toBe(false);
    const current = await desk.rollCall.current.query({ siteId });
    const priya = current?.staff.find((s) => s.name === 'Priya Raman');
    if (!priya) throw new Error('Priya is not on the roll call');
    await desk.rollCall.mark.mutate({ siteId, entryId: priya.entryId, accounted: true });
    await expect.poll(count, { timeout: OTHER_PHONE_MS }).toBe('3 of 4 accounted for');
    expect(await toggle('Priya Raman').getAttribute('aria-pressed')).toBe('true');
  });

  it('prints a clean list with boxes to tick, the site and the time it started, and nothing else, on one page', async () => {
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.roll-call-print');
    expect(await sheet.isVisible()).toBe(true);
    expect(await page.locator('.admin-nav').isVisible()).toBe(false);
    expect(await page.locator('.admin-header').isVisible()).toBe(false);
    expect(await page.getByRole('button').filter({ visible: true }).count()).toBe(0);
    expect(await sheet.getByRole('heading').textContent()).toMatch(/^Roll call — \S/);
    expect(await sheet.locator('p').first().textContent()).toMatch(/Started .+ by Dana Okafor\..*3 of 4 accounted for/);
    const rows = sheet.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.filter({ hasText: 'Max M.' }).locator('.roll-call-print__box').textContent()).toBe('');
    expect(await rows.filter({ hasText: 'Lin E.' }).locator('.roll-call-print__box').textContent()).toBe('✓');
    const colours = await sheet.evaluate((el) => {
      const style = getComputedStyle(el);
      return { color: style.color, background: getComputedStyle(document.body).backgroundColor };
    });
    expect(colours).toEqual({ color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)' });
    await screenshot(page, 'roll-call-print');
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows who arrived since the roll call started, and adds them', async () => {
    await signInThroughApi(kiosk, { fullName: 'Lara Late', organisation: 'Fire Drill Ltd' });
    const arrivals = page.getByRole('region', { name: /Arrived since the roll call started/ });
    await arrivals.waitFor({ timeout: OTHER_PHONE_MS });
    expect(await arrivals.getByRole('listitem').allTextContents()).toEqual(['Lara L. — visitor']);
    await arrivals.getByRole('button', { name: 'Add them to the roll call' }).click();
    await expect.poll(count).toBe('3 of 5 accounted for');
    expect(await toggle('Lara L.').getAttribute('aria-pressed')).toBe('false');
  });

  it('closes after a confirmation that says who is missing, and keeps it with its marks in the past roll calls', async () => {
    await page.getByRole('button', { name: 'Close roll call…' }).click();
    expect(await page.getByRole('region', { name: 'Close the roll call?' }).textContent()).toContain(
      '2 people are still not accounted for',
    );
    await page.getByRole('button', { name: 'Close roll call', exact: true }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Roll call closed/ })
          .textContent(),
      )
      .toBe('Roll call closed: 3 of 5 accounted for.');

    const past = page.getByRole('region', { name: 'Past roll calls' }).getByRole('row');
    await expect.poll(() => past.nth(1).textContent()).toMatch(/by Dana Okafor.*by Dana Okafor.*3 of 5/);
    await past.nth(1).getByRole('button', { name: /^View/ }).click();
    await page.getByRole('heading', { name: /^Roll call of / }).waitFor();
    expect(await card('Lin E.').textContent()).toContain('Accounted for');
    expect(await card('Max M.').textContent()).toContain('Not accounted for');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const audit = await sql<{ type: string; n: number }[]>`
      select type, count(*)::int as n from audit_event where type like 'roll_call.%' group by type order by type`;
    expect(audit).toEqual([
      { type: 'roll_call.arrivals_added', n: 1 },
      { type: 'roll_call.closed', n: 1 },
      { type: 'roll_call.marked', n: 5 },
      { type: 'roll_call.started', n: 1 },
      { type: 'roll_call.viewed', n: 1 },
    ]);
  });
});
