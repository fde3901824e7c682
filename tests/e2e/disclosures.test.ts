import { readFile, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
    fullName: 'Vera Visited',
    organisation: 'Plumbing Ltd',
  });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, demo.coordinator);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the disclosure register in the admin', () => {
  it('records a request, lists it, opens it by its address, and exports it', async () => {
    await page.getByRole('link', { name: 'Disclosures' }).click();
    await page.getByRole('heading', { name: 'Disclosure register', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Record a request' }).click();

    await page.getByLabel('Name of the person asking').fill('=Dee Officer');
    await page.getByLabel('Their role (optional)').fill('Social worker');
    await page.getByLabel(/^Agency/).fill('County Council');
    await page.getByLabel('What was asked for').fill('Dates of visits by one visitor');
    await page.getByRole('radio', { name: 'Not sought' }).check();
    await page.getByLabel('Reason for disclosing without consent').fill('Child protection enquiry');
    await page.getByLabel('Why they were not told').fill('Telling them would put the child at risk');
    await page.getByLabel('Who decided').selectOption({ label: 'Dana Okafor' });
    await page.getByLabel('Find a visit by visitor name').fill('vera');
    await page.getByRole('button', { name: 'Find visits' }).click();
    await page.getByRole('button', { name: 'Link Vera Visited' }).click();
    await page
      .getByRole('list', { name: 'Linked visits' })
      .getByText(/Vera Visited/)
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-disclosure-form');
    await page.getByRole('button', { name: 'Record request' }).click();

    await page.getByRole('heading', { name: 'Request from =Dee Officer, County Council' }).waitFor();
    const address = new URL(page.url()).hash;
    expect(address).toMatch(/^#\/sites\/[0-9a-f-]{36}\/disclosures\/[0-9a-f-]{36}$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-disclosure-detail');

    await page.getByRole('button', { name: 'Back to the register' }).click();
    const row = page.getByRole('row').filter({ hasText: 'County Council' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Not sought/);
    await page.getByLabel('Agency contains').fill('police');
    await page.getByText('No requests match.').waitFor();
    expect(new URL(page.url()).hash).not.toContain('police');
    await page.getByLabel('Agency contains').fill('');
    await row.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-disclosure-register');

    await page.reload();
    await page.goto(`${server.url}/admin/${address}`);
    await page.getByRole('heading', { name: 'Request from =Dee Officer, County Council' }).waitFor();
    expect(await page.getByText('Vera Visited').count()).toBe(1);
    await page.getByRole('button', { name: 'Back to the register' }).click();

    await page.getByRole('radio', { name: 'Safeguarding review' }).check();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await readFile((await (await downloaded).path()) ?? '', 'utf8');
    await page.getByRole('status').filter({ hasText: 'Exported 1 request' }).waitFor();
    expect(csv.startsWith('\uFEFFreceived_on,requester_name,')).toBe(true);
    expect(csv).toContain(`"'=Dee Officer","Social worker","County Council"`);
  }, 60_000);
});
