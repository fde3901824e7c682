import { rm } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
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
let siteId: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  await sql`update site set escort_confirm_seconds = 2`;
  const [site] = await sql<{ id: string }[]>`select id from site`;
  siteId = site?.id ?? '';
  // A policy due for review in 16 days: the notice the walk found taking a quarter of every screen.
  await publishDisclosurePolicy(2, 16);

  // Two tablets: one stays, one is revoked.
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const admin = apiClient(server.url, { cookie: await staffCookie(server.url, demo.admin, demo.password) });
  const { code } = await admin.kiosk.createPairingCode.mutate({ siteId });
  const spare = await apiClient(server.url).kiosk.pair.mutate({ code, deviceName: 'Spare tablet' });
  await admin.kiosk.revokeDevice.mutate({ siteId, deviceId: spare.deviceId });

  // A visitor nobody escorts: an alert, and its email to the coordinators, in the outbox.
  await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
    fullName: 'Walk Visitor',
    organisation: 'Walkthrough Ltd',
  });
  for (let waited = 0; waited < 30_000; waited += 500) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from alert where acknowledged_at is null`;
    if (row?.n) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * A new English disclosure policy, due for review `days` from today. Published versions cannot be back-dated or
 * changed through the app, so it is written as an import would be.
 */
async function publishDisclosurePolicy(version: number, days: number) {
  await sql`insert into policy_document
      (organisation_id, site_id, kind, language, version, title, body, sha256, published_at, review_by)
    select organisation_id, id, 'disclosure_policy', 'en', ${version}, 'Disclosure', 'Text',
           encode(sha256(convert_to('Text', 'UTF8')), 'hex'), now() - ${`${4 - version} hours`}::interval,
           current_date + ${days}::int
    from site`;
}

async function desk(email: string, width = 1440): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  return page;
}

const section = (page: Page, name: string) => page.getByRole('link', { name, exact: true }).click();

/** axe's serious findings, with its experimental label-content-name-mismatch turned on (the walk's finding). */
async function seriousWithNameMismatch(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'experimental'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('the desk defects of the walk', () => {
  let admin: Page;

  it('review due in 16 days: one quiet line linking to Forms & policies, put away for the session', async () => {
    admin = await desk(demo.admin);
    const notice = admin.getByRole('region', { name: 'Review notice' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^Policy on Disclosure of Information \(English\).*\(in 16 days\)\./);
    expect(await notice.getAttribute('class')).toContain('review-notice--soon');
    const height = (await notice.boundingBox())?.height ?? Number.POSITIVE_INFINITY;
    console.log(`review notice height at 1440 px: ${height} px`);
    expect(height).toBeLessThan(60);
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'desk-review-notice-soon');

    await notice.getByRole('button', { name: /^Dismiss/ }).click();
    await admin.reload();
    await admin.getByRole('navigation', { name: 'Sections' }).waitFor();
    await section(admin, 'Kiosks');
    await admin.getByRole('heading', { name: 'Kiosks', level: 1 }).waitFor();
    expect(await notice.count()).toBe(0);

    // Overdue brings it back, urgent, for the rest of the session too.
    await publishDisclosurePolicy(3, -1);
    await admin.reload();
    await notice.waitFor();
    expect(await notice.getAttribute('class')).toContain('review-notice--overdue');
    expect(await notice.textContent()).toContain('(yesterday)');
    await screenshot(admin, 'desk-review-notice-overdue');
    await notice.getByRole('link', { name: 'Forms & policies' }).click();
    await admin.getByRole('heading', { name: 'Forms & policies', level: 1 }).waitFor();
  });

  it('Kiosks offers Rename and Revoke only on a tablet still paired', async () => {
    await section(admin, 'Kiosks');
    const spare = admin.getByRole('row', { name: /Spare tablet/ });
    await spare.waitFor();
    expect(await spare.textContent()).toContain('Revoked');
    expect(await spare.getByRole('button').count()).toBe(0);
    await admin.getByRole('button', { name: /^Rename (?!Spare)/ }).waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'desk-kiosks-revoked');
  });

  it('Site settings: each Move up is named by its visible text first (axe with label-content-name-mismatch)', async () => {
    await section(admin, 'Site settings');
    await admin.getByRole('heading', { name: 'Site settings', level: 1 }).waitFor();
    // Chromium may put a space before the hidden part of the name; what matters is that the visible words lead.
    const moves = admin.getByRole('button', { name: /^Move up\s*: \S/ });
    await moves.first().waitFor();
    expect(await moves.count()).toBeGreaterThan(1);
    expect(await seriousWithNameMismatch(admin)).toEqual([]);
    await screenshot(admin, 'desk-site-settings');
  });

  it('Outbox says what each message is', async () => {
    await section(admin, 'Outbox');
    const alertMail = admin.getByRole('row', { name: /Alert \(to coordinators\)/ });
    await alertMail.first().waitFor();
    const whats = await admin.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(whats.length).toBeGreaterThan(0);
    expect(whats.every((w) => w === 'Alert (to coordinators)' || !w.startsWith('Signed form copy'))).toBe(true);
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'desk-outbox');
  });

  it('Escorts shows training dates as the rest of the desk does, not ISO', async () => {
    const coordinator = await desk(demo.coordinator);
    await section(coordinator, 'Escorts');
    const row = coordinator.getByRole('row', { name: /Sok Dara/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);
    expect(await seriousA11yViolations(coordinator)).toEqual([]);
    await screenshot(coordinator, 'desk-escorts-dates');

    // A note too short is refused beside its field, in words: no raw field name.
    await section(coordinator, 'On site now');
    await coordinator.getByRole('heading', { name: '1 alert needs action' }).waitFor();
    await coordinator.getByRole('button', { name: /^Acknowledge…/ }).click();
    await coordinator.getByLabel('What was done (recorded with the alert)').fill('ok');
    await coordinator.getByRole('button', { name: 'Acknowledge alert' }).click();
    const error = coordinator.locator('.admin-alerts .th-field__error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Say what was done (at least a few words)');
    expect(await coordinator.getByText(/note:/i).count()).toBe(0);
    expect(await seriousA11yViolations(coordinator)).toEqual([]);
    await screenshot(coordinator, 'desk-board-note-error');
  });

  it('reception’s board passes axe with an alert showing', async () => {
    const reception = await desk(demo.reception);
    await reception.getByRole('heading', { name: '1 alert needs action' }).waitFor();
    expect(await seriousWithNameMismatch(reception)).toEqual([]);
    await screenshot(reception, 'desk-reception-board');
  });
});
