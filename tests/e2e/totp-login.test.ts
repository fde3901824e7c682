import { rm } from 'node:fs/promises';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The code an authenticator app shows `step` 30-second steps from now for a base32 secret. */
function codeAt(secret: string, step: number): Promise<string> {
  return createOTP(base32.decode(secret)).hotp(Math.floor(Date.now() / 30_000) + step);
}

/** Now's code, and a 6-digit code the server will not accept (it allows one step either side). */
async function codesFor(secret: string) {
  const accepted = await Promise.all([-1, 0, 1].map((step) => codeAt(secret, step)));
  const wrong = ['000000', '111111', '222222', '333333'].find((c) => !accepted.includes(c)) ?? '444444';
  return { right: () => codeAt(secret, 0), wrong };
}

async function adminPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${server.url}/admin/`);
  return page;
}

describe('signing in to the admin app with a password and a TOTP code', () => {
  it('the demo coordinator: password, then a code from the printed secret; a wrong code is refused', async () => {
    const printed = /coordinator@demo\.threshold\.local {2}TOTP secret: ([A-Z2-7]+)/.exec(server.output())?.[1];
    expect(printed).toMatch(/^[A-Z2-7]{32}$/);
    const secret = printed ?? '';
    expect(server.output()).toContain(`otpauth://totp/Threshold:coordinator%40demo.threshold.local?secret=${secret}`);
    expect(server.output()).toContain('DEMO ONLY');

    const page = await adminPage();
    await page.getByLabel('Email').fill(demo.coordinator);
    await page.getByLabel('Password').fill(demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    const field = page.getByLabel('6-digit code');
    expect(await field.getAttribute('inputmode')).toBe('numeric');
    expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-totp-code');

    const { right, wrong } = await codesFor(secret);
    await field.fill('12a');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Enter the 6 digits your authenticator app shows').waitFor();

    await field.fill(wrong);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is not right' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-totp-wrong-code');

    await field.fill(await right());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Dana Okafor').waitFor();
    await page.getByRole('link', { name: 'On site now' }).waitFor();
  });

  it('a backup code works instead, once', async () => {
    const codes = /coordinator@demo\.threshold\.local[^\n]*\n[^\n]*\n\s*backup codes[^:]*: (\S+)/.exec(server.output());
    const backup = codes?.[1] ?? '';
    expect(backup).toMatch(/^\w{5}-\w{5}$/);
    const useBackup = async (page: Page) => {
      await page.getByLabel('Email').fill(demo.coordinator);
      await page.getByLabel('Password').fill(demo.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: /use a backup code/ }).click();
      await page.getByLabel('Backup code').fill(backup);
      await page.getByRole('button', { name: 'Continue' }).click();
    };
    const first = await adminPage();
    await useBackup(first);
    await first.getByText('Dana Okafor').waitFor();

    const second = await adminPage();
    await useBackup(second);
    await second.getByRole('alert').filter({ hasText: 'used already' }).waitFor();
  });

  it('when the session ends (here: revoked), the next action returns to sign-in saying so', async () => {
    const page = await adminPage();
    await signInToAdmin(page, demo.coordinator);
    await page.getByRole('link', { name: 'On site now' }).waitFor();
    await sql`delete from auth_session where user_id = (select id from staff where email = ${demo.coordinator})`;
    const signInHeading = page.getByRole('heading', { name: 'Sign in to Threshold' });
    // The next request finds the session gone: the tab's, or one the dashboard makes by itself if that comes first
    // (then the tab is gone and the sign-in heading is what there is to click, harmlessly).
    await page.getByRole('link', { name: 'My account' }).or(signInHeading).first().click();
    await signInHeading.waitFor();
    await page.getByRole('status').filter({ hasText: 'Your session ended' }).waitFor();
    expect(await page.getByText('Dana Okafor').count()).toBe(0);
  });
});

describe('enrolment the organisation requires', () => {
  it('an admin creates a coordinator, who must choose their own password, then set up two-factor (QR and key)', async () => {
    const admin = await adminPage();
    await signInToAdmin(admin, demo.admin);
    await admin.getByRole('link', { name: 'Staff', exact: true }).click();
    await admin.getByRole('heading', { name: 'Accounts at this site' }).waitFor();
    await admin.getByLabel('Name').fill('Nia Newcomer');
    await admin.getByLabel('Email').fill('nia@demo.threshold.local');
    await admin.getByRole('checkbox', { name: /^Coordinator/ }).check();
    await admin.getByRole('button', { name: 'Create account' }).click();
    const password = (await admin.getByTestId('initial-password').textContent()) ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    await admin.getByRole('row', { name: /Nia Newcomer/ }).waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-staff');

    const nia = await adminPage();
    await signInToAdmin(nia, 'nia@demo.threshold.local', password);
    // The admin saw that password: Nia replaces it first.
    await nia.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    expect(await seriousA11yViolations(nia)).toEqual([]);
    await screenshot(nia, 'admin-first-sign-in-password');
    const own = 'a password only Nia knows';
    await nia.getByLabel('Current password').fill(password);
    await nia.getByLabel('New password').fill(own);
    await nia.getByRole('button', { name: 'Change password' }).click();
    await nia.getByText('requires two-factor sign-in for admins and coordinators').waitFor();
    await nia.getByLabel('Your password').fill(own);
    await nia.getByRole('button', { name: 'Continue' }).click();
    await nia.getByRole('img', { name: /QR code/ }).waitFor();
    const key = ((await nia.getByTestId('totp-key').textContent()) ?? '').replace(/\s+/g, '');
    expect(await seriousA11yViolations(nia)).toEqual([]);
    await screenshot(nia, 'admin-totp-enrol');

    await nia.getByLabel('6-digit code').fill(await codeAt(key, 0));
    await nia.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await nia.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    expect(await nia.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').count()).toBe(10);
    await nia.getByRole('button', { name: /I have saved them/ }).click();
    await nia.getByRole('link', { name: 'On site now' }).waitFor();

    await admin.reload();
    await admin.getByRole('link', { name: 'Staff', exact: true }).click();
    const row = admin.getByRole('row', { name: /Nia Newcomer/ });
    await expect.poll(() => row.textContent()).toContain('Set up');
  });
});
