import { readFile, rm } from 'node:fs/promises';
import { decryptValue, namePrefixQuery } from '@threshold/db';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { kioskStrings, walkSignIn, walkSignOut } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;
let admin: Page;
const en = kioskStrings('en');
const km = kioskStrings('km');

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  // A 10-inch tablet in landscape for the kiosk; a desktop for the coordinator.
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the visitor journey on the kiosk, in real Chromium against the real server', () => {
  let englishCode = '';

  it('pairs the kiosk with the printed one-time code', async () => {
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByRole('heading', { name: en('pair.title') }).waitFor();
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-00-pair');
    await kiosk.getByLabel(en('pair.codeLabel')).fill('000000');
    await kiosk.getByRole('button', { name: en('pair.submit') }).click();
    await kiosk.getByText('That pairing code is not valid').waitFor();
    await kiosk.getByLabel(en('pair.codeLabel')).fill(server.pairingCode() ?? '');
    await kiosk.getByRole('button', { name: en('pair.submit') }).click();
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
  });

  it('walks the whole journey in English: details, form read to the end, signature, policies, no photography, badge', async () => {
    const journey = await walkSignIn(
      kiosk,
      'en',
      {
        fullName: 'Amara Nwosu',
        organisation: 'Leeds University',
        categoryKey: 'researcher',
        purpose: 'Interview for a study on family support',
        host: 'dana okafor',
        email: 'amara@example.org',
      },
      'kiosk-en',
    );
    englishCode = journey.visitCode;
    expect(englishCode).toMatch(/^[A-Z0-9]{6}$/);
    await expect(kiosk.getByText('Amara N.').isVisible()).resolves.toBe(true);
    await expect(kiosk.getByText('Nwosu').count()).resolves.toBe(0);
    await expect(kiosk.getByText(en('badge.escortRequired')).isVisible()).resolves.toBe(true);
    expect(journey.a11y).toEqual(Object.fromEntries(Object.keys(journey.a11y).map((k) => [k, []])));
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
  });

  it('walks the whole journey in Khmer', async () => {
    await kiosk.getByRole('button', { name: 'ខ្មែរ' }).first().click();
    await kiosk.getByRole('heading', { name: km('welcome.title') }).waitFor();
    expect(await kiosk.evaluate(() => document.documentElement.lang)).toBe('km');
    const journey = await walkSignIn(
      kiosk,
      'km',
      {
        fullName: 'សុខ ដារ៉ា',
        organisation: 'អង្គការ​ជំនួយ',
        categoryKey: 'volunteer',
        purpose: 'ជួយ​រៀបចំ​សៀវភៅ',
        host: 'Priya Raman',
      },
      'kiosk-km',
    );
    expect(journey.visitCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(journey.a11y).toEqual(Object.fromEntries(Object.keys(journey.a11y).map((k) => [k, []])));
    await kiosk.getByRole('button', { name: km('signedIn.finish') }).click();
    // Finishing resets the language for the next visitor.
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
  });

  it('shows both visitors to the coordinator, with the signed form, its version and hash', async () => {
    await admin.goto(`${server.url}/admin/`);
    await signInToAdmin(admin, demo.coordinator);
    await admin.getByRole('row', { name: /Amara Nwosu/ }).waitFor();
    await admin.getByRole('row', { name: /សុខ ដារ៉ា/ }).waitFor();
    await screenshot(admin, 'admin-01-on-site');
    await admin.getByRole('button', { name: 'Amara Nwosu', exact: true }).click();
    await admin
      .getByRole('heading', { name: 'Confidentiality for Visitors' })
      .or(admin.getByText('Confidentiality for Visitors'))
      .first()
      .waitFor();
    const sha = await admin.getByTestId('form-sha256').textContent();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await expect(admin.getByRole('img', { name: /Signature of Amara Nwosu/ }).isVisible()).resolves.toBe(true);
    await expect(admin.getByText('matched to a member of staff').isVisible()).resolves.toBe(true);
    await screenshot(admin, 'admin-02-visit-detail');
    const appUrl = /application role\): (\S+)/.exec(server.output())?.[1] ?? '';
    const sql = postgres(appUrl, { max: 1 });
    try {
      const views = await sql`select count(*)::int as n from audit_event where type = 'visit.viewed'`;
      expect(views[0]?.n).toBe(1);
      const [stored] = await sql`select s.document_sha256, d.sha256 from visit_signature s
        join policy_document d on d.id = s.document_id join visit v on v.id = s.visit_id
        where v.visitor_name_index @> ${namePrefixQuery('Amara Nwosu')}::text[]`;
      expect(stored?.document_sha256).toBe(sha);
      expect(stored?.sha256).toBe(sha);
      const outbox = await sql`select to_address from outbox_message where template = 'signed_form_copy'`;
      // Stored encrypted (the server's keys are the test keys).
      expect(outbox.map((r) => decryptValue(r.to_address))).toEqual(['amara@example.org']);
      // The signed form as a PDF, from the visit detail; the download is recorded too.
      const [download] = await Promise.all([
        admin.waitForEvent('download'),
        admin.getByRole('button', { name: 'Download the signed form (PDF)' }).click(),
      ]);
      expect((await readFile(await download.path())).subarray(0, 5).toString()).toBe('%PDF-');
      const reads = await sql`select data from audit_event where type = 'visit.viewed' order by id`;
      expect(reads.map((r) => r.data)).toEqual([{ what: 'detail' }, { what: 'signed_form' }]);
    } finally {
      await sql.end();
    }
  });

  it('keeps the emailed copy in the admin outbox in demo mode, PDF included', async () => {
    await admin.getByRole('link', { name: 'Outbox' }).click();
    await admin.getByText('Demo mode: no SMTP_URL is set').waitFor();
    const row = admin.getByRole('row', { name: /amara@example\.org/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Waiting');
    await row.getByRole('button').click();
    await admin.getByRole('heading', { name: 'Your signed copy — Confidentiality for Visitors' }).waitFor();
    await expect(admin.getByText('CONFIDENTIALITY NOTICE', { exact: false }).isVisible()).resolves.toBe(true);
    await screenshot(admin, 'admin-03-outbox-message');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Download signed-confidentiality-form.pdf' }).click(),
    ]);
    const path = await download.path();
    expect((await readFile(path)).subarray(0, 5).toString()).toBe('%PDF-');
    await admin.getByRole('link', { name: 'Audit trail' }).click();
    await admin.getByRole('button', { name: 'Verify the audit trail' }).click();
    await admin.getByText(/Intact: \d+ entries sealed/).waitFor();
    await screenshot(admin, 'admin-04-audit-verify');
    await admin.getByRole('link', { name: 'On site now' }).click();
  });

  it('refuses a wrong code with a neutral answer, then signs out with the right one typed loosely', async () => {
    await walkSignOut(kiosk, 'en', 'AAAAAA', 'kiosk-en-wrong');
    await kiosk.getByText('We could not sign out with that code').waitFor();
    await screenshot(kiosk, 'kiosk-en-sign-out-wrong-code');
    await kiosk.getByRole('button', { name: en('app.startAgain') }).click();
    await walkSignOut(kiosk, 'en', `${englishCode.slice(0, 3).toLowerCase()} ${englishCode.slice(3)}`, 'kiosk-en');
    await kiosk.getByRole('heading', { name: en('signedOut.title') }).waitFor();
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-en-signed-out');
  });

  it('updates the coordinator’s list without a reload', async () => {
    await expect.poll(() => admin.getByRole('row', { name: /Amara Nwosu/ }).count(), { timeout: 15_000 }).toBe(0);
    await expect(admin.getByRole('row', { name: /សុខ ដារ៉ា/ }).count()).resolves.toBe(1);
  });

  it('sends a kiosk an admin revokes back to its pairing screen', async () => {
    const desk = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await desk.goto(`${server.url}/admin/`);
    await signInToAdmin(desk, demo.admin);
    await desk.getByRole('link', { name: 'Kiosks', exact: true }).click();
    await desk.getByRole('heading', { name: 'Paired kiosks' }).waitFor();
    const row = desk.getByRole('row', { name: /Reception kiosk/ });
    await row.getByRole('button', { name: 'Revoke…' }).click();
    await desk.getByRole('button', { name: 'Revoke Reception kiosk' }).click();
    const revokedAt = Date.now();
    await desk.getByText(/Revoked /).waitFor();
    expect(await seriousA11yViolations(desk)).toEqual([]);
    await screenshot(desk, 'admin-05-kiosk-revoked');
    // The tablet asks every few seconds whether it is still paired, so it leaves the visitor's screens on its own,
    // before anyone can type their details into a tablet the server will refuse.
    await kiosk.getByRole('heading', { name: en('pair.title') }).waitFor({ timeout: 15_000 });
    console.log(`kiosk back at pairing ${Date.now() - revokedAt} ms after the admin revoked it`);
    // It says why, so whoever finds it knows to ask an admin rather than try again.
    await kiosk
      .getByRole('alert')
      .filter({ hasText: en('pair.revoked') })
      .waitFor();
    await screenshot(kiosk, 'kiosk-revoked-pair-screen');
    await expect(kiosk.evaluate(() => localStorage.length)).resolves.toBe(0);
  });
});
