import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations } from './browser.ts';
import { rememberSecret, rememberVisitor } from './server-logs.ts';

type Strings = Record<string, unknown>;

/** The kiosk's own resource file, so tests drive the UI by the words a visitor sees in that language. */
export function kioskStrings(language: 'en' | 'km'): (key: string) => string {
  const file = fileURLToPath(new URL(`../../apps/kiosk/src/locales/${language}.json`, import.meta.url));
  const strings = JSON.parse(readFileSync(file, 'utf8')) as Strings;
  return (key) => {
    let node: unknown = strings;
    for (const part of key.split('.')) node = (node as Strings)[part];
    if (typeof node !== 'string') throw new Error(`no string ${key} in ${language}.json`);
    return node;
  };
}

export interface Visitor {
  fullName: string;
  organisation: string;
  categoryKey: string;
  purpose: string;
  host: string;
  email?: string;
}

export interface JourneyRecord {
  visitCode: string;
  /** Serious or critical axe findings per screen. */
  a11y: Record<string, string[]>;
}

/** Draws a two-stroke signature on the pad with the mouse. */
export async function drawSignature(page: Page): Promise<void> {
  const canvas = page.locator('canvas.kiosk-signature__canvas');
  await canvas.waitFor();
  await page.locator('canvas[data-ready="true"]').waitFor();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('signature canvas has no box');
  const y = box.y + box.height * 0.6;
  await page.mouse.move(box.x + box.width * 0.15, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + box.width * (0.15 + i * 0.05), y - Math.sin(i) * 30, { steps: 2 });
  }
  await page.mouse.up();
}

/**
 * Reads a document to its end as a visitor would: waits for its screen (a step's answer is checked before the next
 * screen shows, and each new screen starts at the top), then scrolls to the end until "I have read this" is active,
 * and taps it. Scrolling once could land on the previous screen or be undone by the new screen's scroll to the top.
 */
export async function readToEnd(page: Page, confirm: string) {
  await page.getByRole('button', { name: confirm }).waitFor();
  const active = page.locator('button:not([disabled])', { hasText: confirm });
  for (let tries = 0; !(await active.count()); tries++) {
    if (tries === 50) throw new Error(`“${confirm}” never became active at the end of the text`);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(100);
  }
  await active.click();
}

/**
 * Walks the whole sign-in journey as a visitor would, in the given language, checking accessibility and saving a
 * screenshot of every screen as `<prefix>-NN-<screen>.png`. `scan: false` leaves out the accessibility scans (about
 * a second a screen) for a test that does not read them; kiosk-journey and kiosk-a11y check every screen.
 */
export async function walkSignIn(
  page: Page,
  language: 'en' | 'km',
  visitor: Visitor,
  prefix: string,
  options: { signatureReference?: string; scan?: boolean } = {},
) {
  rememberVisitor(visitor);
  const t = kioskStrings(language);
  const a11y: Record<string, string[]> = {};
  let n = 0;
  const capture = async (name: string) => {
    if (options.scan !== false) a11y[name] = await seriousA11yViolations(page);
    n += 1;
    await screenshot(page, `${prefix}-${String(n).padStart(2, '0')}-${name}`);
  };
  const next = () => page.getByRole('button', { name: t('app.continue'), exact: true }).click();

  await page.getByRole('heading', { name: t('welcome.title') }).waitFor();
  await capture('welcome');
  await page.getByRole('button', { name: t('welcome.signIn'), exact: true }).click();

  await page.getByRole('heading', { name: t('details.fullName') }).waitFor();
  await next();
  await page.getByText(t('fieldErrors.fullName.too_small')).waitFor();
  await capture('name-error');
  await page.getByLabel(t('details.fullName')).fill(visitor.fullName);
  await capture('name');
  await next();

  await page.getByLabel(t('details.organisation')).fill(visitor.organisation);
  await capture('organisation');
  await next();

  await page.getByLabel(t(`category.${visitor.categoryKey}`), { exact: true }).check();
  await capture('category');
  await next();

  await page.getByLabel(t('details.purpose')).fill(visitor.purpose);
  await capture('purpose');
  await next();

  await page.getByLabel(t('details.host')).fill(visitor.host);
  await capture('host');
  await next();

  await page.getByLabel(t('details.email')).fill(visitor.email ?? '');
  await capture('email');
  await next();

  const readForm = page.getByRole('button', { name: t('form.confirm') });
  await readForm.waitFor();
  if (!(await readForm.isDisabled())) throw new Error('“I have read this form” was active before the end was reached');
  await capture('form');
  await readToEnd(page, t('form.confirm'));

  await page.getByRole('heading', { name: t('sign.title') }).waitFor();
  if (options.signatureReference) {
    await page.getByRole('button', { name: t('sign.useReference') }).click();
    await page.getByLabel(t('sign.referenceLabel')).fill(options.signatureReference);
    await capture('sign-reference');
    await page.getByRole('button', { name: t('sign.referenceSubmit') }).click();
  } else {
    await page.getByRole('button', { name: t('sign.submit') }).click();
    await page.getByText(t('sign.errors.signature')).waitFor();
    await drawSignature(page);
    await capture('sign');
    await page.getByRole('button', { name: t('sign.submit') }).click();
  }

  const received = page.getByRole('button', { name: t('policies.confirm') });
  await received.waitFor();
  await capture('policies');
  await readToEnd(page, t('policies.confirm'));

  const agree = page.getByLabel(t('noPhoto.agree'));
  await agree.waitFor();
  if (await agree.isChecked()) throw new Error('the no-photography box was pre-ticked');
  await page.getByRole('button', { name: t('noPhoto.submit'), exact: true }).click();
  await page.getByText(t('noPhoto.error')).waitFor();
  await capture('no-photo');
  await agree.check();
  await page.getByRole('button', { name: t('noPhoto.submit'), exact: true }).click();

  await page.getByRole('heading', { name: t('signedIn.title') }).waitFor();
  await page.locator('img.kiosk-badge__qr').waitFor();
  const visitCode = ((await page.getByTestId('visit-code').textContent()) ?? '').replace(/\s/g, '');
  rememberSecret('visit-code', visitCode, { hashed: true });
  await capture('badge');
  // Printing shows the badge and nothing else of the screen.
  await page.emulateMedia({ media: 'print' });
  const printedOnlyBadge =
    (await page.getByTestId('visit-code').isVisible()) && !(await page.getByText(t('signedIn.wait')).isVisible());
  await screenshot(page, `${prefix}-${String(n + 1).padStart(2, '0')}-badge-print`);
  await page.emulateMedia({ media: 'screen' });
  if (!printedOnlyBadge) throw new Error('the printed badge shows more than the badge');
  return { visitCode, a11y } satisfies JourneyRecord;
}

/** Signs out at the kiosk with a visit code, from the welcome screen. */
export async function walkSignOut(page: Page, language: 'en' | 'km', code: string, prefix?: string) {
  rememberSecret('visit-code', code, { hashed: true });
  const t = kioskStrings(language);
  await page.getByRole('button', { name: t('welcome.signOut'), exact: true }).click();
  await page.getByLabel(t('signOut.codeLabel')).fill(code);
  if (prefix) await screenshot(page, `${prefix}-sign-out`);
  await page.getByRole('button', { name: t('app.continue'), exact: true }).click();
  await page.getByRole('heading', { name: t('signOut.confirmTitle') }).waitFor();
  if (prefix) await screenshot(page, `${prefix}-sign-out-confirm`);
  await page.getByRole('button', { name: t('signOut.submit'), exact: true }).click();
}
