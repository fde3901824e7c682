import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import puppeteer, { type Browser as Firefox } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, demo, staffCookie } from '../support/api.ts';
import { launchBrowser } from '../support/browser.ts';
import { kioskStrings, type Visitor, walkSignIn } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const artifacts = fileURLToPath(new URL('../artifacts/badge/', import.meta.url));
const en = kioskStrings('en');
const km = kioskStrings('km');
const MM = 72 / 25.4;
// Page sizes in PDF points, as the print rules ask for them.
const LABEL_62MM = { width: 62 * MM, height: 100 * MM };
const A6 = { width: 105 * MM, height: 148 * MM };
const escort = 'escort2@demo.threshold.local'; // Priya Raman, who has the demo PIN

let server: RunningServer;
let browser: Browser;
let firefox: Firefox;
let dataDir: string;
let kiosk: Page;
let kioskToken = '';
let siteId = '';

const visitor = (fullName: string): Visitor => ({
  fullName,
  organisation: 'Harbour Surveys',
  categoryKey: 'contractor',
  purpose: 'Check the boiler',
  host: 'Priya Raman',
});

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  ({ token: kioskToken } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' }));
  const admin = apiClient(server.url, { cookie: await staffCookie(server.url, demo.admin, demo.password) });
  siteId = (await admin.staff.me.query()).roles[0]?.siteId ?? '';
  browser = await launchBrowser();
  // Stock Firefox (Debian's firefox-esr), driven over WebDriver BiDi.
  firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
  });
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), kioskToken);
});

afterAll(async () => {
  await browser?.close();
  await firefox?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The admin sets the site's badge stock (and a long badge screen, so the tests can print at leisure). */
async function useBadgeFormat(format: 'label-62mm' | 'a6') {
  const admin = apiClient(server.url, { cookie: await staffCookie(server.url, demo.admin, demo.password) });
  const { site, organisation } = await admin.sites.get.query({ siteId });
  await admin.sites.update.mutate({ ...site, ...organisation, siteId, badgeFormat: format, badgeReturnSeconds: 120 });
  // The kiosk reads its settings when it starts.
  await kiosk.reload();
}

/**
 * The badge screen as Chromium shows it now (its DOM, the kiosk's stylesheet and the page-size rule the screen set),
 * printed to PDF by Firefox: the same print rules meeting Firefox's paged layout. Scripts are left out, so the app
 * does not start again there.
 */
async function printInFirefox(name: string) {
  const html = await kiosk.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const script of copy.querySelectorAll('script')) script.remove();
    return `<!doctype html>${copy.outerHTML}`;
  });
  const page = await firefox.newPage();
  // From the server's own origin, so its stylesheet and fonts load (they are not served to other origins).
  await page.goto(`${server.url}/health`);
  await page.setContent(html.replace('<head>', `<head><base href="${server.url}/kiosk/">`), { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.close();
  await writeFile(join(artifacts, `${name}-firefox.pdf`), pdf);
  const doc = await PDFDocument.load(pdf);
  return { pages: doc.getPageCount(), size: doc.getPage(0).getSize() };
}

/** Prints the page to PDF as Chromium's print dialog would (the page's own @page size), saves it, returns it. */
async function printBadge(name: string) {
  // walkSignIn leaves "screen" emulated, which page.pdf would then print with: back to the page's own media.
  await kiosk.emulateMedia({ media: null });
  const pdf = await kiosk.pdf({ preferCSSPageSize: true, printBackground: true });
  await writeFile(join(artifacts, `${name}.pdf`), pdf);
  await kiosk.emulateMedia({ media: 'print' });
  await kiosk.screenshot({ path: join(artifacts, `${name}-print.png`), fullPage: true });
  await kiosk.emulateMedia({ media: null });
  await kiosk.screenshot({ path: join(artifacts, `${name}-screen.png`), fullPage: true });
  const doc = await PDFDocument.load(pdf);
  return { pages: doc.getPageCount(), size: doc.getPage(0).getSize(), firefox: await printInFirefox(name) };
}

function expectSize(actual: { width: number; height: number }, expected: { width: number; height: number }) {
  expect(Math.abs(actual.width - expected.width)).toBeLessThan(2);
  expect(Math.abs(actual.height - expected.height)).toBeLessThan(2);
}

/** The code on the badge sits on one line: its box is one line high. */
async function codeOnOneLine(page: Page) {
  return page.getByTestId('visit-code').evaluate((el) => {
    const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || el.getBoundingClientRect().height;
    return el.getClientRects().length === 1 && el.getBoundingClientRect().height < lineHeight * 1.5;
  });
}

const khmerYear = String(new Date().getFullYear()).replace(/\d/g, (d) => '០១២៣៤៥៦៧៨៩'[Number(d)] ?? d);

describe('the badge prints on one label, in Chromium and Firefox', () => {
  // Each case starts at a fresh welcome screen, whatever the one before left up.
  beforeEach(() => kiosk.reload());

  it('62 mm label, English, a long name: one page of 62 × 100 mm, the code on one line', async () => {
    await useBadgeFormat('label-62mm');
    await walkSignIn(kiosk, 'en', visitor('Wolfeschlegelsteinhausenbergerdorff Featherstonehaugh'), 'badge-62-en', {
      scan: false,
    });
    expect(await kiosk.getByTestId('badge-name').textContent()).toBe('Wolfeschlegelsteinhausenbergerdorff F.');
    expect(await codeOnOneLine(kiosk)).toBe(true);
    const printed = await printBadge('badge-62mm-en');
    expect(printed.pages).toBe(1);
    expectSize(printed.size, LABEL_62MM);
    expect(printed.firefox.pages).toBe(1);
    expectSize(printed.firefox.size, LABEL_62MM);
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();
  });

  it('an escort confirming on their phone reaches the badge on screen, which keeps ESCORT REQUIRED; reprint has it', async () => {
    await walkSignIn(kiosk, 'en', visitor('Dara Phone Kim'), 'badge-phone-en', { scan: false });
    expect(await kiosk.getByTestId('badge-escort').count()).toBe(0);
    const phone = apiClient(server.url, { cookie: await staffCookie(server.url, escort, demo.password) });
    // The host match that assigns Priya runs just after the sign-in's commit.
    let visitId = '';
    await expect
      .poll(async () => {
        const mine = await phone.escorts.mine.query({ siteId });
        visitId = mine.find((v) => v.visitorShortName === 'Dara K.')?.visitId ?? '';
        return visitId;
      })
      .not.toBe('');
    await phone.escorts.confirm.mutate({ siteId, visitId });

    await kiosk.getByTestId('badge-escort').first().waitFor({ timeout: 15_000 });
    const badge = kiosk.locator('.kiosk-badge');
    expect(await badge.getByTestId('badge-escort').textContent()).toBe(
      en('badge.escortWith').replace('{{name}}', 'Priya R.'),
    );
    expect(await badge.getByText(en('badge.escortRequired')).isVisible()).toBe(true);
    // Printing it again prints the escort too.
    await kiosk.emulateMedia({ media: 'print' });
    expect(await kiosk.locator('.kiosk-print').getByTestId('badge-escort').isVisible()).toBe(true);
    expect(await kiosk.getByText(en('signedIn.wait')).isVisible()).toBe(false);
    const printed = await printBadge('badge-62mm-en-escort-confirmed');
    expect(printed.pages).toBe(1);
    expect(printed.firefox.pages).toBe(1);
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();
  });

  it('62 mm label, Khmer, a long name: one page, the date in Khmer months and digits', async () => {
    await kiosk.getByRole('button', { name: 'ខ្មែរ' }).first().click();
    await kiosk.getByRole('heading', { name: km('welcome.title') }).waitFor();
    await walkSignIn(kiosk, 'km', visitor('ព្រះករុណាព្រះបាទសម្តេចព្រះបរមនាថ នរោត្តម'), 'badge-62-km', { scan: false });
    const date = (await kiosk.getByTestId('badge-date').textContent()) ?? '';
    expect(date).toMatch(/^ថ្ងៃទី[០-៩]{1,2} ខែ\S+ ឆ្នាំ[០-៩]{4}$/u);
    expect(date).toContain(khmerYear);
    expect(date).not.toMatch(/[0-9A-Za-z]/);
    expect(await kiosk.getByText(km('badge.escortRequired')).first().isVisible()).toBe(true);
    expect(await codeOnOneLine(kiosk)).toBe(true);
    const printed = await printBadge('badge-62mm-km');
    expect(printed.pages).toBe(1);
    expectSize(printed.size, LABEL_62MM);
    expect(printed.firefox.pages).toBe(1);
    expectSize(printed.firefox.size, LABEL_62MM);
    await kiosk.getByRole('button', { name: km('signedIn.finish') }).click();
  });

  it('A6 card, English and Khmer: one page of A6 each; a right-to-left name reads right to left', async () => {
    await useBadgeFormat('a6');
    await walkSignIn(kiosk, 'en', visitor('محمد علي'), 'badge-a6-en', { scan: false });
    const name = kiosk.getByTestId('badge-name');
    expect(await name.textContent()).toBe('محمد ع.');
    expect(await name.evaluate((el) => el.matches(':dir(rtl)'))).toBe(true);
    let printed = await printBadge('badge-a6-en');
    expect(printed.pages).toBe(1);
    expectSize(printed.size, A6);
    expect(printed.firefox.pages).toBe(1);
    expectSize(printed.firefox.size, A6);
    await kiosk.getByRole('button', { name: en('signedIn.finish') }).click();

    await kiosk.getByRole('button', { name: 'ខ្មែរ' }).first().click();
    await kiosk.getByRole('heading', { name: km('welcome.title') }).waitFor();
    await walkSignIn(kiosk, 'km', visitor('សុខ ស្រីពេជ្រ'), 'badge-a6-km', { scan: false });
    expect(await name.textContent()).toBe('សុខ ស្រី.');
    printed = await printBadge('badge-a6-km');
    expect(printed.pages).toBe(1);
    expectSize(printed.size, A6);
    expect(printed.firefox.pages).toBe(1);
    expectSize(printed.firefox.size, A6);
  });
});
