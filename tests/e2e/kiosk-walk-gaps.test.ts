import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { kioskStrings, readToEnd } from '../support/kiosk.ts';
import { everythingTheBrowserHolds } from '../support/kiosk-offline.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const en = kioskStrings('en');
const km = kioskStrings('km');

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let siteId = '';

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

const adminApi = async () =>
  apiClient(server.url, { cookie: await staffCookie(server.url, demo.admin, demo.password) });

/** A newly paired tablet in Chromium, on its welcome screen. */
async function pairedKiosk(): Promise<{ page: Page; deviceId: string }> {
  const admin = await adminApi();
  if (!siteId) siteId = (await admin.staff.me.query()).roles[0]?.siteId ?? '';
  const { code } = await admin.kiosk.createPairingCode.mutate({ siteId });
  const { token, deviceId } = await apiClient(server.url).kiosk.pair.mutate({ code, deviceName: 'Hall tablet' });
  const page = await (await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true })).newPage();
  await page.goto(`${server.url}/kiosk/`);
  await page.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), token);
  await page.reload();
  await page.getByRole('heading', { name: en('welcome.title') }).waitFor();
  return { page, deviceId };
}

describe('a tablet revoked mid-journey', () => {
  it('drops to its pairing screen within seconds, saying why, with nothing of the visitor left', async () => {
    const { page, deviceId } = await pairedKiosk();
    await page.getByRole('button', { name: en('welcome.signIn'), exact: true }).click();
    await page.getByLabel(en('details.fullName')).fill('Perpetua Vantongeren');
    await page.getByRole('button', { name: en('app.continue'), exact: true }).click();
    await page.getByLabel(en('details.organisation')).fill('Vantongeren Glazing');
    expect(await everythingTheBrowserHolds(page)).toContain('Vantongeren');

    // The visitor stays on this screen; nothing they do tells the server anything.
    await (await adminApi()).kiosk.revokeDevice.mutate({ siteId, deviceId });
    const revokedAt = Date.now();
    await page.getByRole('heading', { name: en('pair.title') }).waitFor({ timeout: 10_000 });
    const droppedAfterMs = Date.now() - revokedAt;
    console.log(`revoked tablet showed its pairing screen ${droppedAfterMs} ms after revocation`);
    expect(droppedAfterMs).toBeLessThan(10_000);
    await page
      .getByRole('alert')
      .filter({ hasText: en('pair.revoked') })
      .waitFor();
    await screenshot(page, 'kiosk-revoked-mid-journey');
    expect(await everythingTheBrowserHolds(page)).not.toContain('Vantongeren');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });
});

describe('a translation older than the English text', () => {
  it('is flagged in Khmer, and the visitor can read and sign the current English text instead', async () => {
    const sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
    try {
      // English revised after the Khmer translation was published.
      await sql`insert into policy_document
          (organisation_id, site_id, kind, language, version, title, body, sha256, published_at)
        select organisation_id, site_id, kind, 'en', max(version) + 1, 'Confidentiality for Visitors',
               'Revised English wording of the form.', encode(sha256(convert_to('Revised English wording of the form.',
               'UTF8')), 'hex'), now()
        from policy_document where kind = 'visitor_confidentiality_form' and language = 'en'
        group by organisation_id, site_id, kind`;
    } finally {
      await sql.end();
    }
    const { page } = await pairedKiosk();
    await page.getByRole('button', { name: 'ខ្មែរ' }).first().click();
    await page.getByRole('button', { name: km('welcome.signIn'), exact: true }).click();
    const next = () => page.getByRole('button', { name: km('app.continue'), exact: true }).click();
    await page.getByLabel(km('details.fullName')).fill('Sokha Meas');
    await next();
    await page.getByLabel(km('details.organisation')).fill('Meas Trading');
    await next();
    await page.getByLabel(km('category.donor'), { exact: true }).check();
    await next();
    await page.getByLabel(km('details.purpose')).fill('Meeting');
    await next();
    await page.getByLabel(km('details.host')).fill('Dana');
    await next();
    await next();

    await page.getByText(km('documents.olderThanEnglish')).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'kiosk-translation-older-km');
    await page.getByRole('button', { name: km('documents.readEnglish') }).click();

    await page.getByText('Revised English wording of the form.').waitFor();
    await expect(page.getByText(en('documents.olderThanEnglish')).count()).resolves.toBe(0);
    await screenshot(page, 'kiosk-translation-older-en');
    // The visitor's answers are kept: the journey goes on from the form, now in English.
    await readToEnd(page, en('form.confirm'));
    await page.getByRole('heading', { name: en('sign.title') }).waitFor();
  });
});

describe('the audit trail in the admin (demo coordinator)', () => {
  it('lists an export with who made it, narrows to that person by their link, and records the viewing', async () => {
    const coordinator = apiClient(server.url, {
      cookie: await staffCookie(server.url, demo.coordinator, demo.password),
    });
    const me = await coordinator.staff.me.query();
    const site = me.roles[0]?.siteId ?? '';
    await coordinator.reports.exportStart.mutate({
      siteId: site,
      from: '2026-01-01',
      to: '2026-01-31',
      reason: 'inspection',
    });

    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await desk.goto(`${server.url}/admin/`);
    await signInToAdmin(desk, demo.coordinator);
    await desk.getByRole('navigation', { name: 'Sections' }).waitFor();
    await desk.getByRole('link', { name: 'Audit trail', exact: true }).click();
    await desk.getByLabel('Kind of event').selectOption({ label: 'Visits exported' });
    await desk.getByRole('button', { name: 'Show entries' }).click();
    const row = desk.getByRole('row').filter({ hasText: 'Visits exported' });
    await row.first().waitFor();
    expect(await seriousA11yViolations(desk)).toEqual([]);
    await screenshot(desk, 'admin-audit-trail');

    await row.first().getByRole('link', { name: me.name }).click();
    await desk.waitForURL(new RegExp(`/audit/staff/${me.id}$`));
    await desk.getByRole('cell', { name: 'Audit trail viewed' }).first().waitFor();
    await screenshot(desk, 'admin-audit-trail-one-person');
  });
});
