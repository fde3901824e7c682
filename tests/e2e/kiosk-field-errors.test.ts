import { rm } from 'node:fs/promises';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations } from '../support/browser.ts';
import { drawSignature, kioskStrings, readToEnd, walkSignOut } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';
import { rememberSecret, rememberVisitor } from '../support/server-logs.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;
const en = kioskStrings('en');
const km = kioskStrings('km');
const LONG_NAME = 'ក'.repeat(150) + 'A'.repeat(150);

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  rememberSecret('kiosk-token', token, { hashed: true });
  browser = await launchBrowser();
  // No service worker: the test rewrites one request on its way out, which a worker would fetch out of sight.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    hasTouch: true,
    serviceWorkers: 'block',
  });
  kiosk = await context.newPage();
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), token);
  await kiosk.reload();
  await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

type Strings = (key: string) => string;
const tooLong = (t: Strings, maximum: number) =>
  t('fieldErrors.fullName.too_big').replace('{{maximum}}', String(maximum));
const next = (t: Strings) => kiosk.getByRole('button', { name: t('app.continue'), exact: true }).click();
/** The error shown inside the same field frame as the control labelled `label`. */
const errorBeside = (label: string) =>
  kiosk.locator('.th-field', { has: kiosk.getByLabel(label, { exact: true }) }).locator('.th-field__error');

async function chooseLanguage(code: 'en' | 'km') {
  const t = kioskStrings(code);
  if ((await kiosk.evaluate(() => document.documentElement.lang)) !== code) {
    await kiosk
      .getByRole('button', { name: code === 'km' ? 'ខ្មែរ' : 'English' })
      .first()
      .click();
  }
  await kiosk.getByRole('heading', { name: t('welcome.title') }).waitFor();
}

async function startAgain(t: Strings) {
  await kiosk.getByRole('button', { name: t('app.startAgain') }).click();
  // Starting again also goes back to the kiosk's first language.
  await kiosk.getByRole('heading', { name: en('welcome.title') }).waitFor();
}

describe('a 300-character name is refused at step 1, beside the field, in the visitor’s language', () => {
  it.each([
    ['en', en],
    ['km', km],
  ] as const)('%s', async (code, t) => {
    await chooseLanguage(code);
    await kiosk.getByRole('button', { name: t('welcome.signIn'), exact: true }).click();
    const question = kiosk.getByRole('heading', { name: t('details.fullName') });
    await question.waitFor();
    await kiosk.getByLabel(t('details.fullName')).fill(LONG_NAME);
    await next(t);
    const error = errorBeside(t('details.fullName'));
    await error.waitFor();
    expect(await error.textContent()).toBe(tooLong(t, 120));
    // Nothing advanced; the field holds the focus, marked invalid and described by the error.
    expect(await question.isVisible()).toBe(true);
    expect(await kiosk.getByText(t('app.stepOf').replace('{{step}}', '1').replace('{{total}}', '10')).isVisible()).toBe(
      true,
    );
    const field = kiosk.getByLabel(t('details.fullName'));
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    if (code === 'km') expect(await error.textContent()).not.toMatch(/[A-Za-z]/);
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, `kiosk-field-errors-${code}-name-too-long`);

    // 120 characters is the limit the server keeps too: accepted, and the journey moves on.
    await kiosk.getByLabel(t('details.fullName')).fill('ក'.repeat(120));
    await next(t);
    await kiosk.getByRole('heading', { name: t('details.organisation') }).waitFor();
    await startAgain(t);
  });
});

/** Answers every step up to the final "Sign in" and presses it. */
async function answerEverything(t: Strings, visitor: { fullName: string }) {
  rememberVisitor({ fullName: visitor.fullName, organisation: 'សមាគមកុមារ', host: 'សុខ ដារ៉ា' });
  await kiosk.getByRole('button', { name: t('welcome.signIn'), exact: true }).click();
  await kiosk.getByLabel(t('details.fullName')).fill(visitor.fullName);
  await next(t);
  await kiosk.getByLabel(t('details.organisation')).fill('សមាគមកុមារ');
  await next(t);
  await kiosk.getByLabel(t('category.volunteer'), { exact: true }).check();
  await next(t);
  await kiosk.getByLabel(t('details.purpose')).fill('ប្រជុំ');
  await next(t);
  await kiosk.getByLabel(t('details.host')).fill('សុខ ដារ៉ា');
  await next(t);
  await kiosk.getByLabel(t('details.email')).waitFor();
  await next(t);
  await readToEnd(kiosk, t('form.confirm'));
  await kiosk.getByRole('heading', { name: t('sign.title') }).waitFor();
  await drawSignature(kiosk);
  await kiosk.getByRole('button', { name: t('sign.submit') }).click();
  await readToEnd(kiosk, t('policies.confirm'));
  await kiosk.getByLabel(t('noPhoto.agree')).check();
  await kiosk.getByRole('button', { name: t('noPhoto.submit'), exact: true }).click();
}

describe('a refusal by the server comes back to the step that holds the field, in Khmer', () => {
  it('a name past the limit, then a signature the server cannot read: each shown on its own step, then signed in', async () => {
    await chooseLanguage('km');
    const sent: string[] = [];
    // The kiosk's own checks pass; the request is changed on its way out, as a faulty tablet or a crafted request
    // might send it, so only the server can refuse it.
    const tamper =
      (change: (input: { fullName: string; signature?: { imagePng: string } }) => void) => async (route: Route) => {
        const body = JSON.parse(route.request().postData() ?? '{}') as {
          json: { fullName: string; signature?: { imagePng: string } };
        };
        sent.push(body.json.fullName);
        change(body.json);
        await route.continue({ postData: JSON.stringify(body) });
      };
    const longName = tamper((input) => {
      input.fullName = LONG_NAME;
    });
    await kiosk.route('**/trpc/visits.signIn', longName);
    await answerEverything(km, { fullName: 'សុខ ស្រីមុំ' });

    // The check screen: what needs checking, in Khmer, with Back and Start again, and no "Try again".
    await kiosk.getByRole('heading', { name: km('submit.problemTitle') }).waitFor();
    const summary = kiosk.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain(tooLong(km, 120));
    await expectNoServerEnglish();
    expect(await kiosk.getByRole('button', { name: km('app.back') }).isVisible()).toBe(true);
    expect(await kiosk.getByRole('button', { name: km('app.startAgain') }).isVisible()).toBe(true);
    expect(await kiosk.getByRole('button', { name: km('submit.tryAgain') }).count()).toBe(0);
    expect(await seriousA11yViolations(kiosk)).toEqual([]);
    await screenshot(kiosk, 'kiosk-field-errors-km-check-screen');
    await kiosk.unroute('**/trpc/visits.signIn', longName);

    // "Check my answer" goes back to step 1, the error beside the name.
    await kiosk.getByRole('button', { name: km('submit.fix') }).click();
    await kiosk.getByRole('heading', { name: km('details.fullName') }).waitFor();
    expect(await errorBeside(km('details.fullName')).textContent()).toBe(tooLong(km, 120));
    await expectNoServerEnglish();
    await screenshot(kiosk, 'kiosk-field-errors-km-back-at-name');
    await next(km);

    // The answers are kept; this time the signature is spoilt on its way.
    const damaged = tamper((input) => {
      if (input.signature) input.signature.imagePng = 'data:image/png;base64,AAAAAAAAAAAA';
    });
    await kiosk.route('**/trpc/visits.signIn', damaged);
    for (const label of [
      'details.organisation',
      'category.volunteer',
      'details.purpose',
      'details.host',
      'details.email',
    ]) {
      await kiosk.getByLabel(km(label), { exact: label.startsWith('category') }).waitFor();
      await next(km);
    }
    await readToEnd(kiosk, km('form.confirm'));
    await kiosk.getByRole('button', { name: km('sign.submit') }).click();
    await readToEnd(kiosk, km('policies.confirm'));
    await kiosk.getByRole('button', { name: km('noPhoto.submit'), exact: true }).click();
    await kiosk.getByRole('heading', { name: km('submit.problemTitle') }).waitFor();
    await expect.poll(() => summary.textContent()).toContain(km('fieldErrors.signature.imagePng.damaged'));
    await expectNoServerEnglish();
    await kiosk.unroute('**/trpc/visits.signIn', damaged);
    await kiosk.getByRole('button', { name: km('submit.fix') }).click();
    await kiosk.getByRole('heading', { name: km('sign.title') }).waitFor();
    const padError = kiosk.locator('.kiosk-signature .th-field__error');
    expect(await padError.textContent()).toBe(km('fieldErrors.signature.imagePng.damaged'));
    await expectNoServerEnglish();
    await screenshot(kiosk, 'kiosk-field-errors-km-back-at-sign');
    // Pressing on without signing again is refused here, not sent.
    await kiosk.getByRole('button', { name: km('sign.submit') }).click();
    expect(await kiosk.getByRole('heading', { name: km('sign.title') }).isVisible()).toBe(true);
    await kiosk.getByRole('button', { name: km('sign.clear') }).click();
    await drawSignature(kiosk);
    await kiosk.getByRole('button', { name: km('sign.submit') }).click();
    await readToEnd(kiosk, km('policies.confirm'));
    await kiosk.getByRole('button', { name: km('noPhoto.submit'), exact: true }).click();
    await kiosk.getByRole('heading', { name: km('signedIn.title') }).waitFor();
    // Each refused input was sent once: fixing an answer is what sends it again.
    expect(sent).toEqual(['សុខ ស្រីមុំ', 'សុខ ស្រីមុំ']);
  });
});

describe('a refused sign-out, in Khmer', () => {
  it('says why in Khmer, not in the server’s English', async () => {
    const finish = kiosk.getByRole('button', { name: km('signedIn.finish') });
    if (await finish.isVisible()) await finish.click();
    await chooseLanguage('km');
    await walkSignOut(kiosk, 'km', 'CCCCCC');
    await kiosk.getByText(km('refusal.signOut')).waitFor();
    await expectNoServerEnglish();
    expect(await kiosk.locator('body').innerText()).not.toContain('We could not sign out');
    await screenshot(kiosk, 'kiosk-field-errors-km-sign-out-refused');
  });
});

/** Nothing of the server's English (its messages, or a field's name) on the Khmer screen. */
async function expectNoServerEnglish() {
  const text = (await kiosk.locator('body').innerText()).replace('name@example.org', '');
  expect(text).not.toMatch(/fullName|signature|imagePng|damaged|characters or fewer|check this answer/i);
}
