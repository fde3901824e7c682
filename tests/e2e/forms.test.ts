import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { walkSignIn } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let kioskToken: string;
let admin: Page;
let kiosk: Page;
const contexts: BrowserContext[] = [];

const NEW_STATEMENT =
  'Please do not take photographs, films or sound recordings anywhere in Riverside House.\n\n' +
  'This protects the children and families who live here. Thank you for helping us keep them safe.';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function newPage(viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  ({ token: kioskToken } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' }));
  browser = await launchBrowser();

  admin = await newPage({ width: 1400, height: 900 });
  await admin.goto(`${server.url}/admin/`);
  await signInToAdmin(admin, demo.admin);
  await admin.getByRole('navigation', { name: 'Sections' }).waitFor();

  kiosk = await newPage({ width: 1280, height: 800 });
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), kioskToken);
  await kiosk.reload();
});

afterAll(async () => {
  await sql?.end();
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('Forms & policies in the admin dashboard', () => {
  it('an admin writes and publishes a new no-photography statement, and the kiosk shows it', async () => {
    await admin.getByRole('link', { name: 'Forms & policies' }).click();
    await admin.getByRole('heading', { name: 'Forms & policies' }).waitFor();
    await admin.getByRole('row', { name: /No-photography statement English Version 1/ }).waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'forms-01-table');

    await admin.getByRole('button', { name: 'New version: No-photography statement, English' }).click();
    const text = admin.getByLabel('Text', { exact: true });
    await expect.poll(() => text.inputValue()).toMatch(/photograph/i);
    await text.fill(NEW_STATEMENT);
    await admin.getByRole('button', { name: 'Save draft' }).click();
    await admin.getByRole('heading', { name: 'Preview of the saved draft' }).waitFor();
    await expect.poll(() => admin.locator('.documents-preview code').textContent()).toBe(sha256(NEW_STATEMENT));
    await admin.getByRole('button', { name: 'Publish…' }).click();
    await admin.getByText('Once published, this text can never be changed or deleted.', { exact: false }).waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'forms-02-confirm-publish');
    await admin.getByRole('button', { name: 'Publish version 2' }).click();
    await admin.getByRole('status').filter({ hasText: 'Version 2 is published' }).waitFor();
    await admin.getByRole('row', { name: /No-photography statement English Version 2/ }).waitFor();

    await admin.getByRole('button', { name: 'History: No-photography statement, English' }).click();
    await expect.poll(() => admin.getByTestId('sha256-2').textContent()).toBe(sha256(NEW_STATEMENT));
    expect(await admin.getByTestId('sha256-1').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'forms-03-history');
    // The history has its own address: a reload keeps it open, Back returns to the editor that was open before.
    expect(new URL(admin.url()).hash).toMatch(/\/documents\/no_photography_statement\/en\/history$/);
    await admin.reload();
    await expect.poll(() => admin.getByTestId('sha256-2').textContent()).toBe(sha256(NEW_STATEMENT));
    await admin.goBack();
    await expect.poll(() => new URL(admin.url()).hash).toMatch(/\/documents\/no_photography_statement\/en\/edit$/);
    await admin.getByLabel('Text', { exact: true }).waitFor();

    // The visitor reads the new statement on its own screen, and the sign-in records that very version.
    const shown = kiosk.getByText('This protects the children and families who live here.', { exact: false });
    const seen = shown.waitFor({ timeout: 60_000 });
    const journey = await walkSignIn(
      kiosk,
      'en',
      { fullName: 'Nadia Lens', organisation: 'Photo Club', categoryKey: 'volunteer', purpose: 'Tour', host: 'Tom' },
      'forms-kiosk',
    );
    await seen;
    expect(journey.visitCode).toMatch(/^[A-Z0-9]{6}$/);
    const [ack] = await sql`select d.version, d.sha256 from visit_acknowledgement a
      join policy_document d on d.id = a.document_id where a.kind = 'no_photography'`;
    expect(ack).toEqual({ version: 2, sha256: sha256(NEW_STATEMENT) });
  });

  it('warns admins on every page when a policy is overdue for review', async () => {
    // Published versions cannot be back-dated through the app, so this one is written as an old import would be.
    await sql`insert into policy_document
        (organisation_id, site_id, kind, language, version, title, body, sha256, published_at, review_by)
      select organisation_id, id, 'disclosure_policy', 'km', 2, 'គោលការណ៍', 'អត្ថបទ', ${sha256('អត្ថបទ')},
             now() - interval '400 days', current_date - 3
      from site`;
    await admin.reload();
    const banner = admin.getByRole('region', { name: 'Review notice' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(
      /^Policy on Disclosure of Information \(Khmer\), version 2: review was due .* \(3 days ago\)\./,
    );
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'forms-04-overdue-banner');
    await banner.getByRole('link', { name: 'Forms & policies' }).click();
    await admin.getByRole('row', { name: /Policy on Disclosure of Information Khmer.*Review overdue/ }).waitFor();

    // Coordinators answer for the policies being current too, and get the same warning.
    const cookie = await staffCookie(server.url, demo.coordinator, demo.password);
    const [site] = await sql<{ id: string }[]>`select id from site`;
    const due = await apiClient(server.url, { cookie }).documents.overdue.query({ siteId: site?.id ?? '' });
    expect(due.documents).toEqual([
      expect.objectContaining({ kind: 'disclosure_policy', language: 'km', version: 2, review: 'overdue' }),
    ]);
  });

  it('renames a kiosk', async () => {
    await admin.getByRole('link', { name: 'Kiosks', exact: true }).click();
    await admin.getByRole('button', { name: 'Rename Reception kiosk' }).click();
    await admin.getByLabel('New name for Reception kiosk').fill('Front desk tablet');
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Save name' }).click();
    // The row shows the new name once saved (the button is named after the kiosk).
    await admin.getByRole('button', { name: 'Rename Front desk tablet' }).waitFor();
    await screenshot(admin, 'forms-05-kiosk-renamed');
    const status = await apiClient(server.url, { kioskToken }).kiosk.status.query();
    expect(status.deviceName).toBe('Front desk tablet');
  });

  it('saves site settings, with errors next to the field', async () => {
    await admin.getByRole('link', { name: 'Site settings', exact: true }).click();
    const idle = admin.getByLabel('Idle timeout (seconds)');
    await idle.waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await idle.fill('5');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Enter a whole number of seconds from 20 to 600').waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'forms-06-settings-error');
    await idle.fill('90');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Saved. 1 setting changed' }).waitFor();
    const status = await apiClient(server.url, { kioskToken }).kiosk.status.query();
    expect(status.idleTimeoutSeconds).toBe(90);
  });
});
