import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, signInToAdmin } from '../support/browser.ts';
import { kioskStrings, type Visitor, walkSignIn } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// A person on the deny list signs in at the kiosk and sees exactly what any visitor sees; the coordinator is alerted
// and refuses them.
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let kiosk: Page;
const en = kioskStrings('en');

const visitor = (fullName: string): Visitor => ({
  fullName,
  organisation: 'Harbour Surveys',
  categoryKey: 'contractor',
  purpose: 'Check the boiler',
  host: 'Tom Hughes',
});

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const [site] = await sql<{ id: string }[]>`select id from site`;
  const coordinator = apiClient(server.url, { cookie: await staffCookie(server.url, demo.coordinator, demo.password) });
  await coordinator.denyList.add.mutate({
    siteId: site?.id ?? '',
    fullName: 'Marie Curie',
    aliases: [],
    dateOfBirth: null,
    reason: 'Court order: no contact with a resident',
    reviewBy: '2030-01-01',
  });
  browser = await launchBrowser();
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The badge screen's words, without the visitor's own name and code. */
async function badgeScreenText(page: Page, names: string[], code: string): Promise<string> {
  let text = await page.locator('body').innerText();
  for (const name of names) text = text.replaceAll(name, '<name>');
  const spacedCode = new RegExp(code.split('').join('\\s*'), 'g');
  return text.replace(spacedCode, '<code>').replace(/\d{1,2}:\d{2}/g, '<time>');
}

describe('a name on the deny list, at the kiosk in Chromium', () => {
  it('sees the same screens as any visitor, is held in screening, and the coordinator is alerted and decides', async () => {
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByLabel(en('pair.codeLabel')).fill(server.pairingCode() ?? '');
    await kiosk.getByRole('button', { name: en('pair.submit') }).click();

    const ordinary = await walkSignIn(kiosk, 'en', visitor('Grace Hopper'), 'deny-list-ordinary', { scan: false });
    const ordinaryBadge = await badgeScreenText(kiosk, ['Grace Hopper', 'Grace H.'], ordinary.visitCode);
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();

    const denied = await walkSignIn(kiosk, 'en', visitor('CURIE marie'), 'deny-list-denied', { scan: false });
    expect(await badgeScreenText(kiosk, ['CURIE marie', 'CURIE M.'], denied.visitCode)).toBe(ordinaryBadge);

    const states = await sql<{ visit_code: string; state: string }[]>`
      select visit_code, state from visit where visit_code in (${ordinary.visitCode}, ${denied.visitCode})`;
    expect(Object.fromEntries(states.map((s) => [s.visit_code, s.state]))).toEqual({
      [ordinary.visitCode]: 'awaiting_escort',
      [denied.visitCode]: 'screening',
    });

    const admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await admin.goto(`${server.url}/admin/`);
    await signInToAdmin(admin, demo.coordinator);
    await admin.getByText('Sign-in waiting for a coordinator').first().waitFor({ timeout: 10_000 });
    await screenshot(admin, 'deny-list-01-coordinator-alert');

    await admin.getByRole('link', { name: 'Deny list' }).click();
    const held = admin.getByRole('form', { name: 'Decide about CURIE marie' });
    await admin.getByText('Court order: no contact with a resident').first().waitFor();
    await held.getByLabel('Reason for the decision').fill('The person named in the court order');
    await screenshot(admin, 'deny-list-02-waiting');
    await held.getByRole('button', { name: 'Refuse entry' }).click();
    await admin
      .getByRole('status')
      .getByText(/The visit is ended/)
      .waitFor();
    await admin.getByText('Nobody is waiting.').waitFor();
    await screenshot(admin, 'deny-list-03-refused');
    const [after] = await sql<{ state: string }[]>`select state from visit where visit_code = ${denied.visitCode}`;
    expect(after?.state).toBe('signed_out');
  }, 60_000);
});
