import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { launchBrowser, seriousA11yViolations } from '../support/browser.ts';
import { drawSignature, kioskStrings, readToEnd } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';
import { rememberSecret, rememberVisitor } from '../support/server-logs.ts';

// Every kiosk screen in both languages: axe at 0 serious/critical, focus on the new question, touch targets ≥ 44 px,
// a screenshot of each in tests/artifacts/kiosk-a11y/.
const artifacts = fileURLToPath(new URL('../artifacts/kiosk-a11y/', import.meta.url));
const languages = { en: 'English', km: 'ខ្មែរ' } as const;
type Language = keyof typeof languages;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;
let sql: postgres.Sql;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  rememberSecret('kiosk-token', token, { hashed: true });
  browser = await launchBrowser();
  // A 10-inch tablet held upright, as in most receptions.
  kiosk = await (await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true })).newPage();
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), token);
  await kiosk.reload();
  await mkdir(artifacts, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Where the focus is: the element's tag and its accessible words (its label's, for a field). */
const focusOf = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return 'BODY';
    const label = el instanceof HTMLInputElement ? (el.labels?.[0]?.textContent ?? '') : (el.textContent ?? '');
    return `${el.tagName} ${label.trim()}`;
  });

/** Visible controls smaller than 44 × 44 px (a checkbox or radio counts by its label, which is what is tapped). */
const smallTargets = (page: Page) =>
  page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, canvas')) {
      const target =
        el instanceof HTMLInputElement && ['checkbox', 'radio'].includes(el.type) ? el.closest('label') : el;
      const box = (target ?? el).getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < 44 || box.height < 44)
        small.push(`${el.tagName} "${el.textContent?.trim() ?? ''}" ${box.width}×${box.height}`);
    }
    return small;
  });

/** The page's headings in order, as "h1 text". */
const headings = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4')].map((h) => h.tagName.toLowerCase()));

interface Walk {
  language: Language;
  t: (key: string) => string;
  n: number;
  findings: Record<string, { axe: string[]; small: string[] }>;
}

/** Scans the screen as it is, saves its screenshot, and records what was found under its name. */
async function capture(walk: Walk, name: string) {
  walk.n += 1;
  const axe = await seriousA11yViolations(kiosk);
  const small = await smallTargets(kiosk);
  walk.findings[name] = { axe, small };
  const file = `${walk.language}-${String(walk.n).padStart(2, '0')}-${name}.png`;
  await kiosk.screenshot({ path: `${artifacts}${file}`, fullPage: true });
}

async function expectFocus(page: Page, expected: string) {
  await expect.poll(() => focusOf(page)).toBe(expected);
}

async function walkJourney(language: Language): Promise<Walk> {
  const t = kioskStrings(language);
  const walk: Walk = { language, t, n: 0, findings: {} };
  const next = () => kiosk.getByRole('button', { name: t('app.continue'), exact: true }).click();
  const visitor = {
    fullName: language === 'en' ? 'Ottilie Brackenbury' : 'សុខ ចន្ថា',
    organisation: language === 'en' ? 'Brackenbury Trust' : 'អង្គការ​សុខភាព',
    host: 'Priya Raman',
  };
  rememberVisitor(visitor);

  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.getByRole('button', { name: languages[language], exact: true }).click();
  await kiosk.getByRole('heading', { name: t('welcome.title') }).waitFor();
  await capture(walk, 'welcome');
  await kiosk.getByRole('button', { name: t('welcome.signIn'), exact: true }).click();
  // An answer refused: the error beside its field is part of the screen too.
  await expectFocus(kiosk, `INPUT ${t('details.fullName')}`);
  await next();
  await kiosk.locator('.th-field__error').waitFor();
  await capture(walk, 'name-error');

  // Typed answers: focus on the field, whose label is the question (so it is read out with the keyboard up).
  for (const [key, value, name] of [
    ['details.fullName', visitor.fullName, 'name'],
    ['details.organisation', visitor.organisation, 'organisation'],
  ] as const) {
    await expectFocus(kiosk, `INPUT ${t(key)}`);
    await kiosk.getByLabel(t(key)).fill(value);
    await capture(walk, name);
    await next();
  }
  // A choice: focus on the question itself, not on the Continue button just pressed.
  await expectFocus(kiosk, `H1 ${t('details.category')}`);
  await kiosk.getByLabel(t('category.volunteer'), { exact: true }).check();
  await capture(walk, 'category');
  await next();
  for (const [key, value, name] of [
    ['details.purpose', 'Reading group', 'purpose'],
    ['details.host', visitor.host, 'host'],
    ['details.email', '', 'email'],
  ] as const) {
    await expectFocus(kiosk, `INPUT ${t(key)}`);
    await kiosk.getByLabel(t(key)).fill(value);
    await capture(walk, name);
    await next();
  }

  // The form: its title has the focus; its sub-headings are headings, in order below it.
  await kiosk.getByRole('button', { name: t('form.confirm') }).waitFor();
  const formTitle = await kiosk.locator('h1').textContent();
  await expectFocus(kiosk, `H1 ${formTitle}`);
  expect(await headings(kiosk)).toEqual(['h1', 'h2', 'h3', 'h3', 'h3']);
  await capture(walk, 'form');
  await readToEnd(kiosk, t('form.confirm'));

  await expectFocus(kiosk, `H1 ${t('sign.title')}`);
  await drawSignature(kiosk);
  await capture(walk, 'sign');
  await kiosk.getByRole('button', { name: t('sign.submit') }).click();

  await kiosk.getByRole('button', { name: t('policies.confirm') }).waitFor();
  await expectFocus(kiosk, `H1 ${t('policies.title')}`);
  const policyHeadings = await headings(kiosk);
  expect(policyHeadings.slice(0, 2)).toEqual(['h1', 'h2']);
  expect(policyHeadings.filter((h) => h === 'h3').length).toBeGreaterThanOrEqual(10);
  await capture(walk, 'policies');
  await readToEnd(kiosk, t('policies.confirm'));

  const agree = kiosk.getByLabel(t('noPhoto.agree'));
  await agree.waitFor();
  await expectFocus(kiosk, `H1 ${await kiosk.locator('h1').textContent()}`);
  await agree.check();
  await capture(walk, 'no-photo');
  await kiosk.getByRole('button', { name: t('noPhoto.submit'), exact: true }).click();

  await kiosk.getByRole('heading', { name: t('signedIn.title') }).waitFor();
  await kiosk.locator('img.kiosk-badge__qr').waitFor();
  await expectFocus(kiosk, `H1 ${t('signedIn.title')}`);
  const visitCode = ((await kiosk.getByTestId('visit-code').textContent()) ?? '').replace(/\s/g, '');
  rememberSecret('visit-code', visitCode, { hashed: true });
  await capture(walk, 'badge');

  await kiosk.getByRole('button', { name: t('pin.open') }).click();
  await expectFocus(kiosk, `H2 ${t('pin.title')}`);
  await kiosk.getByRole('button', { name: '1', exact: true }).click();
  await capture(walk, 'pin-pad');
  // A refused PIN is said in the kiosk's language (by the server's error code, not its English words).
  for (const digit of '23456') await kiosk.getByRole('button', { name: digit, exact: true }).click();
  await kiosk.getByRole('button', { name: t('pin.submit'), exact: true }).click();
  await kiosk
    .getByRole('alert')
    .filter({ hasText: t('pin.errors.refused') })
    .waitFor();
  await capture(walk, 'pin-refused');
  await kiosk.getByRole('button', { name: t('pin.cancel') }).click();
  // Back on the button that opened the pad, not lost on the page.
  await expectFocus(kiosk, `BUTTON ${t('pin.open')}`);
  await kiosk.getByRole('button', { name: t('signedIn.finish') }).click();

  // Signing out: the code field has the focus straight away (a scanner types into it).
  await kiosk.getByRole('heading', { name: kioskStrings('en')('welcome.title') }).waitFor();
  await kiosk.getByRole('button', { name: languages[language], exact: true }).click();
  await kiosk.getByRole('button', { name: t('welcome.signOut'), exact: true }).click();
  await expectFocus(kiosk, `INPUT ${t('signOut.codeLabel')}`);
  await kiosk.getByLabel(t('signOut.codeLabel')).fill(visitCode);
  await capture(walk, 'sign-out');
  await next();
  await kiosk.getByRole('heading', { name: t('signOut.confirmTitle') }).waitFor();
  await expectFocus(kiosk, `H1 ${t('signOut.confirmTitle')}`);
  await capture(walk, 'sign-out-confirm');
  await kiosk.getByRole('button', { name: t('signOut.submit'), exact: true }).click();
  await kiosk.getByRole('heading', { name: t('signedOut.title') }).waitFor();
  await expectFocus(kiosk, `H1 ${t('signedOut.title')}`);
  await capture(walk, 'goodbye');
  await kiosk.getByRole('button', { name: t('signedOut.done') }).click();
  return walk;
}

const clean = (walk: Walk) => Object.fromEntries(Object.keys(walk.findings).map((k) => [k, { axe: [], small: [] }]));

describe('every kiosk screen is accessible, in English and Khmer (axe in real Chromium)', () => {
  for (const language of ['en', 'km'] as const) {
    it(`walks the whole journey in ${languages[language]}: axe, focus, touch targets, headings`, async () => {
      const walk = await walkJourney(language);
      expect(walk.findings).toEqual(clean(walk));
    });
  }

  it('the idle warning, in both languages', async () => {
    // Shortened so the warning comes quickly; the kiosk reads the setting when it loads.
    await sql`update site set idle_timeout_seconds = 2`;
    for (const language of ['en', 'km'] as const) {
      const t = kioskStrings(language);
      const walk: Walk = { language, t, n: 17, findings: {} };
      await kiosk.goto(`${server.url}/kiosk/`);
      await kiosk.getByRole('button', { name: languages[language], exact: true }).click();
      await kiosk.getByRole('button', { name: t('welcome.signIn'), exact: true }).click();
      await kiosk.getByRole('alertdialog', { name: t('idle.title') }).waitFor({ timeout: 10_000 });
      await expectFocus(kiosk, `BUTTON ${t('idle.moreTime')}`);
      await capture(walk, 'idle-warning');
      expect(walk.findings).toEqual(clean(walk));
      await kiosk.getByRole('button', { name: t('idle.moreTime') }).click();
    }
  });
});
