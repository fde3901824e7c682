import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let admin: Page;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await admin.goto(`${server.url}/admin/`);
  await signInToAdmin(admin, demo.admin);
  await admin.getByRole('navigation', { name: 'Sections' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The error inside the same field frame as the control labelled `label`. */
const errorBeside = (label: string) =>
  admin.locator('.th-field', { has: admin.getByLabel(label, { exact: true }) }).locator('.th-field__error');

/** No raw field name of the API on the page (the names these forms send). */
async function expectNoRawFieldNames() {
  const text = await admin.locator('main').innerText();
  expect(text).not.toMatch(/\b(reviewBy|email|draftId|staffId|roles):/);
}

describe('rules the server checks show beside their own field in the admin', () => {
  it('a review-by date in the past, beside "Review by"', async () => {
    await admin.getByRole('link', { name: 'Forms & policies' }).click();
    await admin.getByRole('button', { name: 'New version: No-photography statement, English' }).click();
    await admin.getByLabel('Review by', { exact: true }).fill('2020-01-01');
    await admin.getByRole('button', { name: 'Save draft' }).click();
    const error = errorBeside('Review by');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /^Choose a review-by date after today \(\d{4}-\d{2}-\d{2}\) to save the draft$/,
    );
    expect(await admin.getByLabel('Review by', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectNoRawFieldNames();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-field-errors-review-by');
  });

  it('an email address that already has an account, beside "Email"', async () => {
    await admin.getByRole('link', { name: 'Staff', exact: true }).click();
    await admin.getByRole('heading', { name: 'New account' }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Second Coordinator');
    await admin.getByLabel('Email', { exact: true }).fill(demo.coordinator);
    await admin.getByRole('checkbox', { name: /Reception/ }).check();
    await admin.getByRole('button', { name: 'Create account' }).click();
    const error = errorBeside('Email');
    await error.waitFor();
    expect(await error.textContent()).toBe('That email address already has an account.');
    await expectNoRawFieldNames();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-field-errors-email-taken');
  });
});
