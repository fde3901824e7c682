import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { launchBrowser } from '../support/browser.ts';
import { kioskStrings, readToEnd, walkSignIn } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const en = kioskStrings('en');
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;
let sql: postgres.Sql;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  await sql`update site set signature_valid_months = 6`;
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  browser = await launchBrowser();
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), token);
  await kiosk.reload();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const visitor = {
  fullName: 'Returning Visitor',
  organisation: 'Same Org',
  categoryKey: 'volunteer',
  purpose: 'Weekly volunteering',
  host: 'Sok Dara',
};

describe('a site that accepts a signature given within 6 months', () => {
  let reference = '';

  it('gives a secret signature reference after the first signature', async () => {
    await walkSignIn(kiosk, 'en', visitor, 'kiosk-reuse-first');
    reference = ((await kiosk.getByTestId('signature-reference').textContent()) ?? '').replace(/\s/g, '');
    expect(reference).toMatch(/^[A-Z0-9]{8}$/);
    const [stored] = await sql`select reference_hash from visit_signature`;
    expect(stored?.reference_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await sql`select * from visit_signature`)).not.toContain(reference);
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();
  });

  it('refuses a wrong reference with a neutral answer and lets the visitor sign instead', async () => {
    await kiosk.getByRole('button', { name: en('welcome.signIn'), exact: true }).click();
    for (const [label, value] of [
      [en('details.fullName'), visitor.fullName],
      [en('details.organisation'), visitor.organisation],
    ] as const) {
      await kiosk.getByLabel(label).fill(value);
      await kiosk.getByRole('button', { name: en('app.continue'), exact: true }).click();
    }
    await kiosk.getByLabel(en('category.volunteer'), { exact: true }).check();
    await kiosk.getByRole('button', { name: en('app.continue'), exact: true }).click();
    await kiosk.getByLabel(en('details.purpose')).fill(visitor.purpose);
    await kiosk.getByRole('button', { name: en('app.continue'), exact: true }).click();
    await kiosk.getByLabel(en('details.host')).fill(visitor.host);
    await kiosk.getByRole('button', { name: en('app.continue'), exact: true }).click();
    await kiosk.getByRole('button', { name: en('app.continue'), exact: true }).click();
    await readToEnd(kiosk, en('form.confirm'));
    await kiosk.getByRole('button', { name: en('sign.useReference') }).click();
    await kiosk.getByLabel(en('sign.referenceLabel')).fill('CCCCCCCC');
    await kiosk.getByRole('button', { name: en('sign.referenceSubmit') }).click();
    await kiosk.getByText(en('sign.referenceRefused')).waitFor();
    await kiosk.getByRole('button', { name: en('app.startAgain') }).click();
  });

  it('accepts the reference next time: no new signature, the earlier one recorded against the new visit', async () => {
    await walkSignIn(kiosk, 'en', visitor, 'kiosk-reuse-second', { signatureReference: reference.toLowerCase() });
    await expect(kiosk.getByTestId('signature-reference').count()).resolves.toBe(0);
    const rows = await sql`select s.visit_id, s.reused_from_visit_id, s.signed_at, v.signed_in_at
      from visit_signature s join visit v on v.id = s.visit_id order by v.signed_in_at`;
    expect(rows).toHaveLength(2);
    expect(rows[0]?.reused_from_visit_id).toBeNull();
    expect(rows[1]?.reused_from_visit_id).toBe(rows[0]?.visit_id);
    // The reused signature keeps the time it was actually given.
    expect(rows[1]?.signed_at).toEqual(rows[0]?.signed_at);
  });

  it('refuses the reference once a new version of the form is published', async () => {
    await sql`insert into policy_document (organisation_id, site_id, kind, language, version, title, body, sha256, published_at)
      select organisation_id, site_id, kind, language, version + 1, title, body || ' (revised)', md5(body) || md5(title), now()
      from policy_document where kind = 'visitor_confidentiality_form' and language = 'en'`;
    const docs = await apiClient(server.url, {
      kioskToken: await kiosk.evaluate(() => localStorage.getItem('threshold.kiosk.deviceToken') ?? ''),
    }).kiosk.documents.query({ language: 'en' });
    expect(docs.form.version).toBe(2);
    const check = await apiClient(server.url, {
      kioskToken: await kiosk.evaluate(() => localStorage.getItem('threshold.kiosk.deviceToken') ?? ''),
    }).kiosk.checkSignatureReference.mutate({
      documentId: docs.form.id,
      documentSha256: docs.form.sha256,
      reference,
      fullName: visitor.fullName,
    });
    expect(check).toEqual({ accepted: false });
  });
});
