import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let siteId = '';

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const kiosk = apiClient(server.url, { kioskToken: token });
  const [site] = await sql<{ id: string }[]>`select id from site`;
  siteId = site?.id ?? '';
  await signInThroughApi(kiosk, { fullName: 'Zara Subject', organisation: 'Visiting Ltd', email: 'zara@example.org' });
  const held = await signInThroughApi(kiosk, { fullName: 'Zara Subject', organisation: 'Visiting Ltd' });
  const [visit] = await sql<{ id: string }[]>`select id from visit where visit_code = ${held.visitCode}`;
  const coordinator = apiClient(server.url, { cookie: await staffCookie(server.url, demo.coordinator, demo.password) });
  await coordinator.safeguarding.hold.mutate({
    siteId,
    visitId: visit?.id ?? '',
    reason: 'legal_request',
    note: '',
    reviewBy: '2031-01-01',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function signedIn(email: string): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  ).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  return page;
}

describe('subject access in the admin', () => {
  it('finds a person, exports a PDF with a reason, and erases all but the held visit, saying why', async () => {
    const page = await signedIn(demo.coordinator);
    await page.getByRole('link', { name: 'Subject access' }).click();
    await page.getByRole('heading', { name: 'Subject access', level: 1 }).waitFor();
    expect(page.url()).toContain(`#/sites/${siteId}/subject-access`);
    await page.getByLabel('Name').fill('zara');
    await page.getByRole('button', { name: 'Find records' }).click();
    const table = page.getByRole('table');
    await table.getByText('Held: Legal request — cannot be erased').waitFor();
    for (const box of await table.getByRole('checkbox').all()) await box.check();
    await page.getByText('2 ticked.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'subject-access-01-found');

    await page.getByLabel('A legal request').first().check();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export readable PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/^subject-access-\d{4}-\d{2}-\d{2}\.pdf$/);

    await page.getByLabel('The person asked for their records to be erased').check();
    await page.getByRole('button', { name: 'Erase the ticked visits…' }).click();
    await page.getByRole('button', { name: 'Erase 2 visits permanently' }).click();
    await page.getByText('Erased 1 visit.').waitFor();
    await page.getByText(/Zara Subject \(.*\) cannot be erased: safeguarding hold \(Legal request\)/).waitFor();
    await screenshot(page, 'subject-access-02-erased');
    const [left] = await sql<{ n: number }[]>`select count(*)::int as n from visit`;
    expect(left?.n).toBeGreaterThan(0);
    const erased = await sql`select visit_id, data from audit_event where type = 'visit.erased'`;
    expect(erased).toHaveLength(1);
  });
});
