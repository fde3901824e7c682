import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kioskContext: BrowserContext;
let kiosk: Page;
let admin: Page;
const a11y: Record<string, string[]> = {};

async function checkA11y(page: Page, screen: string) {
  a11y[screen] = await seriousA11yViolations(page);
}

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  // A 10-inch tablet in landscape for the kiosk; a desktop for the coordinator.
  kioskContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  kiosk = await kioskContext.newPage();
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the first slice, in a real browser against the real server', () => {
  it('pairs the kiosk with the printed one-time code', async () => {
    const code = server.pairingCode();
    expect(code).toMatch(/^\d{6}$/);
    await kiosk.goto(`${server.url}/kiosk/`);
    await expect(kiosk.getByRole('heading', { name: 'Set up this kiosk' }).isVisible()).resolves.toBe(true);
    await checkA11y(kiosk, 'pair');
    await screenshot(kiosk, 'kiosk-01-pair');
    await kiosk.getByLabel('Pairing code').fill('000000');
    await kiosk.getByRole('button', { name: 'Pair this kiosk' }).click();
    await kiosk.getByText('That pairing code is not valid').waitFor();
    await kiosk.getByLabel('Pairing code').fill(code ?? '');
    await kiosk.getByRole('button', { name: 'Pair this kiosk' }).click();
    await kiosk.getByRole('heading', { name: 'Welcome' }).waitFor();
    await checkA11y(kiosk, 'welcome');
    await screenshot(kiosk, 'kiosk-02-welcome');
  });

  let visitCode = '';

  it('signs a visitor in and gives them a visit code', async () => {
    await kiosk.getByRole('button', { name: 'Sign in' }).click();
    await kiosk.getByRole('heading', { name: 'About you' }).waitFor();
    await kiosk.getByRole('button', { name: 'Sign in' }).click();
    await kiosk.getByText('Enter your full name').waitFor();
    await expect(kiosk.getByText('Choose why you are visiting').isVisible()).resolves.toBe(true);
    await kiosk.getByLabel('Your full name').fill('Amara Nwosu');
    await kiosk.getByLabel('Your organisation').fill('Leeds University');
    await kiosk.getByLabel('Researcher').check();
    await checkA11y(kiosk, 'details');
    await screenshot(kiosk, 'kiosk-03-details');
    await kiosk.getByRole('button', { name: 'Sign in' }).click();
    await kiosk.getByRole('heading', { name: 'You are signed in' }).waitFor();
    visitCode = ((await kiosk.getByTestId('visit-code').textContent()) ?? '').replace(/\s/g, '');
    expect(visitCode).toMatch(/^[A-Z0-9]{6}$/);
    await expect(kiosk.getByText('Amara N.').isVisible()).resolves.toBe(true);
    await checkA11y(kiosk, 'signed-in');
    await screenshot(kiosk, 'kiosk-04-signed-in');
  });

  it('shows the visitor on the coordinator’s on-site list', async () => {
    await admin.goto(`${server.url}/admin/`);
    await admin.getByLabel('Email').fill(demo.coordinator);
    await admin.getByLabel('Password').fill('wrong password');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('do not match an active account').waitFor();
    await admin.getByLabel('Password').fill(demo.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: /On site now/ }).waitFor();
    const row = admin.getByRole('row', { name: /Amara Nwosu/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Waiting for escort');
    await screenshot(admin, 'admin-01-on-site');
  });

  it('refuses a wrong code with a neutral answer, then signs out with the right one', async () => {
    await kiosk.getByRole('button', { name: 'Finish' }).click();
    await kiosk.getByRole('button', { name: 'Sign out' }).click();
    await kiosk.getByLabel('Visit code').fill('AAAAAA');
    await kiosk.getByRole('button', { name: 'Sign out' }).click();
    await kiosk.getByText('We could not sign out with that code').waitFor();
    await checkA11y(kiosk, 'sign-out');
    await screenshot(kiosk, 'kiosk-05-sign-out-wrong-code');
    // Typed the way a person might: lower case with a space.
    await kiosk.getByLabel('Visit code').fill(`${visitCode.slice(0, 3).toLowerCase()} ${visitCode.slice(3)}`);
    await kiosk.getByRole('button', { name: 'Sign out' }).click();
    await kiosk.getByRole('heading', { name: 'Thank you for visiting' }).waitFor();
    await checkA11y(kiosk, 'signed-out');
    await screenshot(kiosk, 'kiosk-06-signed-out');
  });

  it('updates the coordinator’s list without a reload', async () => {
    await admin.getByText('Nobody is signed in right now').waitFor({ timeout: 15_000 });
    await expect(admin.getByRole('row', { name: /Amara Nwosu/ }).count()).resolves.toBe(0);
    await screenshot(admin, 'admin-02-on-site-empty');
  });

  it('sends a revoked kiosk back to its pairing screen', async () => {
    const appUrl = /application role\): (\S+)/.exec(server.output())?.[1];
    expect(appUrl).toBeDefined();
    const sql = postgres(appUrl ?? '', { max: 1 });
    try {
      await sql`update kiosk_device set revoked_at = now()`;
    } finally {
      await sql.end();
    }
    await kiosk.getByRole('button', { name: 'Done' }).click();
    await kiosk.getByRole('button', { name: 'Sign in' }).click();
    await kiosk.getByLabel('Your full name').fill('Someone Else');
    await kiosk.getByLabel('Your organisation').fill('None');
    await kiosk.getByLabel('Donor').check();
    await kiosk.getByRole('button', { name: 'Sign in' }).click();
    await kiosk.getByRole('heading', { name: 'Set up this kiosk' }).waitFor();
    await expect(kiosk.evaluate(() => localStorage.length)).resolves.toBe(0);
  });

  it('meets WCAG 2.2 AA on every kiosk screen (no serious or critical axe findings)', () => {
    expect(Object.keys(a11y)).toEqual(['pair', 'welcome', 'details', 'signed-in', 'sign-out', 'signed-out']);
    expect(a11y).toEqual({ pair: [], welcome: [], details: [], 'signed-in': [], 'sign-out': [], 'signed-out': [] });
  });
});
