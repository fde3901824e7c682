import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { kioskStrings, walkSignIn, walkSignOut } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const en = kioskStrings('en');
const escort1 = 'escort1@demo.threshold.local'; // Sok Dara
const escort2 = 'escort2@demo.threshold.local'; // Priya Raman
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;
let sql: postgres.Sql;
const contexts: BrowserContext[] = [];

async function phone(email: string): Promise<Page> {
  // An escort's phone: a small touch screen.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  return page;
}

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  // Shortened for the test (sites default to 5 minutes).
  await sql`update site set escort_confirm_seconds = 4`;
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  browser = await launchBrowser();
  const kioskContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(kioskContext);
  kiosk = await kioskContext.newPage();
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

describe('escorts: confirmation, handover, sign-out, and a visitor-astray alert', () => {
  let visitCode = '';

  it('assigns the typed host when they are an eligible escort, who confirms on their phone', async () => {
    const journey = await walkSignIn(
      kiosk,
      'en',
      {
        fullName: 'Amara Nwosu',
        organisation: 'Leeds University',
        categoryKey: 'researcher',
        purpose: 'Study',
        host: 'sok dara',
      },
      'kiosk-escort',
      { scan: false },
    );
    visitCode = journey.visitCode;
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();

    const sok = await phone(escort1);
    await sok.getByRole('heading', { name: 'My visitors' }).waitFor();
    const confirm = sok.getByRole('button', { name: 'I am with Amara N.' });
    await confirm.waitFor();
    await expect(sok.getByText('Nwosu').count()).resolves.toBe(0);
    expect(await seriousA11yViolations(sok)).toEqual([]);
    await screenshot(sok, 'escort-01-phone-assigned');
    await confirm.click();
    await sok.getByRole('button', { name: 'Hand over…' }).waitFor();
    await screenshot(sok, 'escort-02-phone-confirmed');
    const [row] = await sql`select state from visit where visit_code = ${visitCode}`;
    expect(row?.state).toBe('escorted');
  });

  it('hands over: A offers, B accepts, and A stays responsible until then', async () => {
    const sok = contexts[1]?.pages()[0];
    if (!sok) throw new Error('no escort page');
    await sok.getByRole('button', { name: 'Hand over…' }).click();
    await sok.getByRole('button', { name: 'Priya Raman' }).click();
    await sok.getByText('Waiting for the other escort to accept').waitFor();
    const [pending] = await sql`select state from visit where visit_code = ${visitCode}`;
    expect(pending?.state).toBe('handover_pending');

    const priya = await phone(escort2);
    await priya.getByRole('button', { name: 'I am with Amara N. — accept' }).click();
    await priya.getByRole('button', { name: 'Sign Amara N. out' }).waitFor();
    await screenshot(priya, 'escort-03-phone-handover-accepted');
    const escorts = await sql`select s.name, a.confirmed_via, a.end_reason from escort_assignment a
      join staff s on s.id = a.staff_id join visit v on v.id = a.visit_id
      where v.visit_code = ${visitCode} order by a.assigned_at`;
    expect(escorts.map((e) => [e.name, e.confirmed_via, e.end_reason])).toEqual([
      ['Sok Dara', 'phone', 'handed_over'],
      ['Priya Raman', 'handover', null],
    ]);
    // Sok's phone no longer lists the visitor (the live update reaches it).
    await expect.poll(() => sok.getByText('Amara N.').count(), { timeout: 15_000 }).toBe(0);
  });

  it('signing out at the kiosk ends the escort assignment', async () => {
    await walkSignOut(kiosk, 'en', visitCode);
    await kiosk.getByRole('heading', { name: en('signedOut.title') }).waitFor();
    const [ended] = await sql`select a.end_reason from escort_assignment a join visit v on v.id = a.visit_id
      where v.visit_code = ${visitCode} and a.ended_at is not null and a.end_reason = 'signed_out'`;
    expect(ended?.end_reason).toBe('signed_out');
    await kiosk.getByRole('button', { name: en('signedOut.done') }).click();
  });

  it('confirms at the kiosk with the escort’s PIN, putting their name on the badge', async () => {
    await walkSignIn(
      kiosk,
      'en',
      { fullName: 'Kiosk Pin', organisation: 'None', categoryKey: 'donor', purpose: 'Tour', host: 'Priya Raman' },
      'kiosk-pin',
      { scan: false },
    );
    await kiosk.getByRole('button', { name: en('pin.open') }).click();
    for (const digit of '000000') await kiosk.getByRole('button', { name: digit, exact: true }).click();
    await kiosk.getByRole('button', { name: en('pin.submit') }).click();
    await kiosk.getByText('That PIN is not right').waitFor();
    for (const digit of demo.pin) await kiosk.getByRole('button', { name: digit, exact: true }).click();
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-pin-pad');
    await kiosk.getByRole('button', { name: en('pin.submit') }).click();
    await kiosk.getByText('with Priya R.').waitFor();
    // Still says an escort is required: the name says who, it does not lift the rule.
    expect(await kiosk.locator('.kiosk-badge').getByText(en('badge.escortRequired')).isVisible()).toBe(true);
    await screenshot(kiosk, 'kiosk-pin-badge-with-escort');
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();
  });

  it('raises an alert when nobody confirms in time; the coordinator acknowledges it with a note', async () => {
    const admin = (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const board = await admin;
    await board.goto(`${server.url}/admin/`);
    await signInToAdmin(board, demo.coordinator);
    await board.getByText('Live: visitors appear').waitFor({ timeout: 15_000 });

    await walkSignIn(
      kiosk,
      'en',
      {
        fullName: 'Wandering Visitor',
        organisation: 'None',
        categoryKey: 'other',
        purpose: 'Drop-off',
        host: 'nobody known',
      },
      'kiosk-astray',
      { scan: false },
    );
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();
    const row = board.getByRole('row', { name: /Wandering Visitor/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('No escort');

    await board.getByText('1 alert needs action').waitFor({ timeout: 30_000 });
    await expect(board.getByText('No confirmed escort').first().isVisible()).resolves.toBe(true);
    expect(await seriousA11yViolations(board)).toEqual([]);
    await screenshot(board, 'admin-board-alert');
    await board.getByRole('button', { name: 'Acknowledge…' }).click();
    await board
      .getByLabel('What was done (recorded with the alert)')
      .fill('Met the visitor in the hall; Tom is with them');
    await board.getByRole('button', { name: 'Acknowledge alert' }).click();
    await expect.poll(() => board.getByText('alert needs action').count(), { timeout: 10_000 }).toBe(0);
    const [alert] = await sql`select kind, note, acknowledged_at from alert`;
    expect(alert?.kind).toBe('unescorted');
    expect(alert?.note).toContain('Tom is with them');
    const audits = await sql`select type from audit_event where type like 'alert.%' order by id`;
    expect(audits.map((a) => a.type)).toEqual(['alert.raised', 'alert.acknowledged']);

    // Then the desk assigns an escort from the board.
    await row.getByRole('button', { name: 'Assign escort' }).click();
    await board.getByRole('button', { name: 'Sok Dara' }).click();
    await expect
      .poll(async () => (await row.textContent()) ?? '', { timeout: 10_000 })
      .toContain('Sok Dara — not yet confirmed');
    await screenshot(board, 'admin-board-assigned');
  });
});
