import { rm } from 'node:fs/promises';
import { namePrefixQuery } from '@threshold/db';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let siteId: string;
let visitId: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
    fullName: 'Amara Linkvisit',
    organisation: 'Boilers Ltd',
  });
  const [visit] = await sql<{ id: string; site_id: string }[]>`
    select id, site_id from visit where visitor_name_index @> ${namePrefixQuery('Amara Linkvisit')}::text[]`;
  if (!visit) throw new Error('the visit was not recorded');
  siteId = visit.site_id;
  visitId = visit.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function signedIn(email: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  return page;
}

const address = (page: Page) => new URL(page.url()).hash;
const views = async () =>
  (
    await sql<
      { n: number }[]
    >`select count(*)::int as n from audit_event where type = 'visit.viewed' and data->>'what' = 'detail'
                                  and visit_id = ${visitId}`
  )[0]?.n;

describe('admin pages have addresses (coordinator at 1440 px)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(demo.coordinator, { width: 1440, height: 900 });
  });

  it('lands on the site’s board, and the nav is one column with every section the coordinator has', async () => {
    await page.getByRole('heading', { name: 'On site now', level: 1 }).waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/board`);
    const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    const names = await links.allTextContents();
    expect(names).toEqual([
      'On site now',
      'Roll call',
      'Escorts',
      'Visit log',
      'Log review',
      'Reports',
      'Outbox',
      'Forms & policies',
      'Audit trail',
      'Disclosures',
      'Holds',
      'Concerns',
      'Deny list',
      'Subject access',
      'Retention',
      'My account',
    ]);
    const lefts = new Set<number>();
    for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox()))) lefts.add(box?.x ?? -1);
    expect([...lefts]).toHaveLength(1);
    expect(await page.getByRole('link', { name: 'On site now' }).getAttribute('aria-current')).toBe('page');
    await screenshot(page, 'admin-nav-1440');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('opens a visit from a link typed in, goes Back, and keeps its place on reload', async () => {
    const link = `${server.url}/admin/#/sites/${siteId}/log/visits/${visitId}`;
    await page.goto(link);
    const opened = page.getByRole('region', { name: 'Opened visit' });
    await opened.getByText('Amara Linkvisit').first().waitFor();
    expect(await page.getByRole('link', { name: 'Visit log' }).getAttribute('aria-current')).toBe('page');
    // One staff-view audit row of the record per opening (the timeline writes its own), by the server: not two.
    await expect.poll(views).toBe(1);

    await page.reload();
    await opened.getByText('Amara Linkvisit').first().waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/log/visits/${visitId}`);
    await expect.poll(views).toBe(2);

    await page.goBack();
    await page.getByRole('heading', { name: 'On site now', level: 1 }).waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/board`);
    await page.reload();
    await page.getByRole('heading', { name: 'On site now', level: 1 }).waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/board`);
    expect(await views()).toBe(2);
  });

  it('opening a visit from the log puts its id in the address, and Close (or Back) returns to the list', async () => {
    await page.getByRole('link', { name: 'Visit log' }).click();
    await page.getByRole('heading', { name: 'Visit log', level: 1 }).waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/log`);
    await page.getByRole('button', { name: 'Amara Linkvisit' }).click();
    await page.getByRole('region', { name: 'Opened visit' }).waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/log/visits/${visitId}`);
    await page.goBack();
    await page.getByRole('button', { name: 'Amara Linkvisit' }).waitFor();
    expect(address(page)).toBe(`#/sites/${siteId}/log`);
    expect(await page.getByRole('region', { name: 'Opened visit' }).count()).toBe(0);
    // No name or search term reaches an address; the only ids are the site's and the visit's.
    expect(page.url()).not.toMatch(/amara|linkvisit/i);
  });

  it('says plainly that an unknown address does not exist, with a link to the start page', async () => {
    await page.goto(`${server.url}/admin/#/sites/${siteId}/no-such-section`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(`${server.url}/admin/#/elsewhere`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to your start page' }).click();
    await page.getByRole('heading', { name: 'On site now', level: 1 }).waitFor();
  });
});

describe('a section a role does not have (reception)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(demo.reception, { width: 1280, height: 800 });
  });

  it('refuses a coordinator-only address, and a visit link, without asking the server for the visit', async () => {
    const before = await views();
    for (const path of ['log', 'reports', `board/visits/${visitId}`, `log/visits/${visitId}`]) {
      await page.goto(`${server.url}/admin/#/sites/${siteId}/${path}`);
      await page.getByText('This page does not exist, or you do not have access to it.').waitFor();
      expect(await page.getByText('Amara Linkvisit').count()).toBe(0);
    }
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents()).toEqual([
      'On site now',
      'Roll call',
      'Escorts',
      'My account',
    ]);
    await screenshot(page, 'admin-no-access-reception');
    expect(await views()).toBe(before);
    await page.getByRole('link', { name: 'Go to your start page' }).click();
    await page.getByRole('heading', { name: 'On site now', level: 1 }).waitFor();
  });
});

describe('the nav on a phone (390 px)', () => {
  it('is one Menu button that opens the list by keyboard, and closes when a section is chosen', async () => {
    const page = await signedIn(demo.coordinator, { width: 390, height: 844 });
    const menu = page.getByRole('button', { name: /^Menu/ });
    await page.getByRole('heading', { name: 'On site now', level: 1 }).waitFor();
    expect(await menu.textContent()).toBe('Menu: On site now');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Visit log' }).isVisible()).toBe(false);
    const navBox = await page.getByRole('navigation', { name: 'Sections' }).boundingBox();
    expect(navBox?.height ?? 999).toBeLessThan(80);
    await screenshot(page, 'admin-nav-390-closed');

    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Visit log' }).waitFor();
    await screenshot(page, 'admin-nav-390-open');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Visit log' }).click();
    await page.getByRole('heading', { name: 'Visit log', level: 1 }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.textContent()).toBe('Menu: Visit log');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
