import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { kioskStrings, type Visitor, walkSignIn } from '../support/kiosk.ts';
import { pageNow, runClockUntil } from '../support/page-clock.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// Not the default (20), so a return after this long shows the site's setting reached the kiosk.
const RETURN_SECONDS = 25;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;
let admin: Page;
const en = kioskStrings('en');
const km = kioskStrings('km');

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
  browser = await launchBrowser();
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
  // The badge screen counts its seconds in the page: the page's clock is moved on rather than waited out.
  await kiosk.clock.install();
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The seconds the badge screen's countdown shows now. */
async function countdown(page: Page): Promise<number> {
  const text = (await page.getByTestId('badge-return').textContent()) ?? '';
  const seconds = Number(/(\d+)/.exec(text)?.[1]);
  if (!Number.isInteger(seconds)) throw new Error(`no countdown in "${text}"`);
  return seconds;
}

describe('the kiosk badge screen returns to welcome after the site setting, in Chromium', () => {
  it('the admin sets how long the badge stays (20 to 120 s), in Site settings', async () => {
    await admin.goto(`${server.url}/admin/`);
    await signInToAdmin(admin, demo.admin);
    // The sections menu's link: a new site's start page links to its settings too.
    await admin.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Site settings' }).click();
    const field = admin.getByLabel('Badge screen returns to the start after (seconds)');
    expect(await field.inputValue()).toBe('20');
    await field.fill('10');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Enter a whole number of seconds from 20 to 120').waitFor();
    await field.fill(String(RETURN_SECONDS));
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Saved. 1 setting changed; the change is recorded.').waitFor();
    await screenshot(admin, 'admin-settings-badge-return');
  });

  it('shows the countdown and goes back to welcome on its own, with nothing of the visitor left (English)', async () => {
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByLabel(en('pair.codeLabel')).fill(server.pairingCode() ?? '');
    await kiosk.getByRole('button', { name: en('pair.submit') }).click();
    await walkSignIn(kiosk, 'en', visitor('Brook Returner'), 'kiosk-badge-return-en', { scan: false });

    const left = await countdown(kiosk);
    const readAt = await pageNow(kiosk);
    expect(left).toBeLessThanOrEqual(RETURN_SECONDS);
    expect(await kiosk.getByTestId('badge-return').textContent()).toBe(
      en('badgeReturn.countdown').replace('{{count}}', String(left)),
    );
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-badge-return-en');

    const returnedAt = await runClockUntil(kiosk, kiosk.getByRole('heading', { name: en('welcome.title') }), {
      limitMs: (left + 10) * 1000,
    });
    // How long the badge was up in all: what had gone by when the countdown was read, plus the time since (the
    // page's own clock, so a slow accessibility scan or screenshot in between is counted too).
    const shown = RETURN_SECONDS - left + (returnedAt - readAt) / 1000;
    expect(shown).toBeGreaterThan(RETURN_SECONDS - 2);
    expect(shown).toBeLessThan(RETURN_SECONDS + 2);
    expect(await kiosk.locator('body').textContent()).not.toMatch(/Brook|Returner/);
  });

  it('keeps the badge on screen once asked, past the setting (Khmer)', async () => {
    await kiosk.getByRole('button', { name: 'ខ្មែរ' }).first().click();
    await kiosk.getByRole('heading', { name: km('welcome.title') }).waitFor();
    await walkSignIn(kiosk, 'km', visitor('Sokha Keeper'), 'kiosk-badge-return-km', { scan: false });
    const left = await countdown(kiosk);
    expect(await kiosk.getByTestId('badge-return').textContent()).toBe(
      km('badgeReturn.countdown').replace('{{count}}', String(left)),
    );
    await screenshot(kiosk, 'kiosk-badge-return-km');

    await kiosk.getByRole('button', { name: km('badgeReturn.keep') }).click();
    await kiosk.getByText(km('badgeReturn.kept')).waitFor();
    expect(await kiosk.getByTestId('badge-return').count()).toBe(0);
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-badge-return-km-kept');
    // Past the moment it would have gone back: still the badge.
    await kiosk.clock.runFor((left + 2) * 1000);
    expect(await kiosk.getByRole('heading', { name: km('signedIn.title') }).isVisible()).toBe(true);
    await kiosk.getByRole('button', { name: km('signedIn.finish') }).click();
    await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
  });
});
