import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { sealedVisit } from '@threshold/db/testing';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const SEARCHED = 'zoe whit';
const BULK = 60;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let page: Page;
/** Every request the admin page makes: its URL and, for a POST, its body. */
const requests: { url: string; body: string }[] = [];

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const kiosk = apiClient(server.url, { kioskToken: token });
  for (const fullName of ['Zoë Whitfield', 'Zoran Whittle', 'Ben Api']) {
    await signInThroughApi(kiosk, { fullName, organisation: 'Kiosk Visitors Ltd' });
  }
  // Visitors just signed in have no escort yet: give them an hour before that counts as an exception.
  await sql`update site set escort_confirm_seconds = 3600`;
  // Earlier visits, signed out (kept before the reviewed week), and one from two days ago that never signed out.
  // Visitor details are stored encrypted: the rows are sealed here with the keys the server was given.
  const sites = await sql<{ id: string; organisation_id: string }[]>`select id, organisation_id from site`;
  const hour = 3_600_000;
  const earlier = sites.flatMap((site) =>
    Array.from({ length: BULK }, (_, n) => ({
      organisation_id: site.organisation_id,
      site_id: site.id,
      idempotency_key: randomUUID(),
      ...sealedVisit({ name: `Earlier Visitor ${n + 1}`, organisation: 'Archive Ltd' }),
      category: 'volunteer',
      state: 'signed_out',
      visit_code: `E${n + 1}`,
      signed_in_at: new Date(Date.now() - 240 * hour - (n + 1) * hour).toISOString(),
      signed_out_at: new Date(Date.now() - 240 * hour - (n + 1) * hour + hour / 2).toISOString(),
    })),
  );
  await sql`insert into visit ${sql(earlier)}`;
  for (const site of sites) {
    await sql`insert into visit ${sql({
      organisation_id: site.organisation_id,
      site_id: site.id,
      idempotency_key: randomUUID(),
      ...sealedVisit({ name: 'Lingering Lou', organisation: 'Stayed Ltd' }),
      category: 'contractor',
      state: 'departure_unconfirmed',
      visit_code: 'LINGER',
      signed_in_at: new Date(Date.now() - 48 * hour).toISOString(),
    })}`;
  }
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  page.on('request', (r) => requests.push({ url: r.url(), body: r.postData() ?? '' }));
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, demo.coordinator);
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const rows = () => page.locator('.log-table tbody tr');

describe('the visit log in the admin app (demo coordinator)', () => {
  it('lists the newest visits first, 50 at a time, and loads more', async () => {
    await page.getByRole('link', { name: 'Visit log' }).click();
    await page.getByRole('heading', { name: 'Visit log', level: 1 }).waitFor();
    await expect.poll(() => rows().count()).toBe(50);
    await expect(rows().first().textContent()).resolves.toContain('Ben Api');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows().count()).toBe(BULK + 4);
    await page.getByText('That is every visit.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('finds a visitor by the beginnings of their name, with no name in any request URL', async () => {
    const before = requests.length;
    await page.getByLabel('Visitor’s name').fill(SEARCHED);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await expect(rows().first().textContent()).resolves.toContain('Zoë Whitfield');
    await page.getByText('Showing 1 visit matching your search, newest first.').waitFor();
    await screenshot(page, 'admin-visit-log-name-search');
    const searches = requests.slice(before).filter((r) => r.url.includes('visitLog.search'));
    expect(searches.length).toBeGreaterThan(0);
    // The search went as a POST body, never in a URL (which access logs and browser history keep).
    expect(searches.some((r) => r.body.includes(SEARCHED))).toBe(true);
    for (const word of SEARCHED.split(' ')) {
      expect(requests.filter((r) => decodeURIComponent(r.url).toLowerCase().includes(word))).toEqual([]);
    }
  });

  it('filters to the visits with an exception and shows the badge', async () => {
    await page.getByLabel('Visitor’s name').fill('');
    await page.getByLabel('Exceptions').selectOption({ label: 'No sign-out' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    const row = rows().first();
    await expect(row.textContent()).resolves.toContain('Lingering Lou');
    await expect(row.locator('.log-badge').allTextContents()).resolves.toContain('No sign-out');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('opens a visit: its record, signed form and timeline, and back to the results', async () => {
    await page.getByLabel('Exceptions').selectOption({ label: 'All visits' });
    await page.getByLabel('Visitor’s name').fill('zoe');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole('button', { name: 'Zoë Whitfield' }).click();
    await page.getByRole('heading', { name: 'Zoë Whitfield', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Download the signed form (PDF)' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Signed in at the kiosk').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Zoë Whitfield');
    // Opened again, the timeline shows who opened the record the first time.
    await page.getByRole('button', { name: 'Zoë Whitfield' }).click();
    await timeline.getByText('Dana Okafor opened the visit record').first().waitFor();
    await timeline.getByText('Dana Okafor opened this timeline').first().waitFor();
    await screenshot(page, 'admin-visit-log-timeline');
  });

  it('reviews a period: its exception report, a sign-off with a note, and the list of sign-offs', async () => {
    await page.getByRole('link', { name: 'Log review' }).click();
    await page.getByRole('heading', { name: 'Log review', level: 1 }).waitFor();
    await page
      .getByLabel('From')
      .fill(await page.evaluate(() => new Date(Date.now() - 7 * 864e5).toISOString().slice(0, 10)));
    await page.getByRole('button', { name: 'Show the exception report' }).click();
    await page.getByRole('heading', { name: /^Exception report/ }).waitFor();
    await expect(page.locator('.log-table tbody tr').allTextContents()).resolves.toEqual([
      expect.stringContaining('Lingering Lou'),
    ]);
    await page.getByLabel('Note (optional)').fill('Called Stayed Ltd: Lou left at 17:00.');
    await page.getByRole('button', { name: /^Sign off/ }).click();
    await page.getByText('Signed off. The review is listed below.').waitFor();
    const history = page.getByRole('region', { name: 'Past sign-offs' });
    await history.getByText('Called Stayed Ltd: Lou left at 17:00.').waitFor();
    await expect(history.textContent()).resolves.toContain('1 no sign-out');
    await screenshot(page, 'admin-log-review');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('sent no name searched for in any request URL, from the first search to the sign-off', () => {
    expect(requests.length).toBeGreaterThan(0);
    const urls = requests.map((r) => decodeURIComponent(r.url).toLowerCase());
    for (const word of [...SEARCHED.split(' '), 'zoë']) {
      expect(urls.filter((u) => u.includes(word))).toEqual([]);
    }
  });
});
