import type { Locator, Page } from 'playwright-core';
import { KEPT_DATABASE, STORE } from '../../apps/kiosk/src/offline/idb.ts';
import { drawSignature, kioskStrings, readToEnd, type Visitor } from './kiosk.ts';
import { runClockUntil } from './page-clock.ts';
import { rememberSecret, rememberVisitor } from './server-logs.ts';

/**
 * Helpers for the offline kiosk's tests. The journey helpers are quick (no screenshots or accessibility scans
 * between screens) so that they finish each screen well inside a 2-second idle timeout.
 */

/**
 * Waits until the kiosk could work offline: the service worker controls the page and holds the status and the
 * documents in every language, and the first heartbeat has brought the tablet its reserved visit codes.
 */
export async function waitUntilReadyOffline(page: Page, languages: readonly string[] = ['en', 'km']): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.waitForFunction(
    async (wanted) => {
      const cached: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) cached.push(decodeURIComponent(request.url));
      }
      return (
        cached.some((url) => url.includes('/trpc/kiosk.status')) &&
        wanted.every((language) =>
          cached.some((url) => url.includes(`kiosk.documents?input={"json":{"language":"${language}"}`)),
        )
      );
    },
    languages,
    { timeout: 30_000, polling: 250 },
  );
  const until = Date.now() + 30_000;
  while ((await keptCount(page, 'codes')) < 30) {
    if (Date.now() > until) throw new Error('the kiosk never received its reserved visit codes');
    await page.waitForTimeout(250);
  }
  // No heartbeat still on its way, whose answer could change the codes after this returns.
  await page.waitForLoadState('networkidle');
}

/** From the welcome screen to the no-photography screen, with every answer given (the box not yet ticked). */
export async function answerUpToNoPhoto(page: Page, language: 'en' | 'km', visitor: Visitor): Promise<void> {
  rememberVisitor(visitor);
  const t = kioskStrings(language);
  const next = () => page.getByRole('button', { name: t('app.continue'), exact: true }).click();
  await chooseLanguageOnWelcome(page, language);
  await page.getByRole('button', { name: t('welcome.signIn'), exact: true }).click();
  await page.getByLabel(t('details.fullName')).fill(visitor.fullName);
  await next();
  await page.getByLabel(t('details.organisation')).fill(visitor.organisation);
  await next();
  await page.getByLabel(t(`category.${visitor.categoryKey}`), { exact: true }).check();
  await next();
  await page.getByLabel(t('details.purpose')).fill(visitor.purpose);
  await next();
  await page.getByLabel(t('details.host')).fill(visitor.host);
  await next();
  await page.getByLabel(t('details.email')).fill(visitor.email ?? '');
  await next();
  await readToEnd(page, t('form.confirm'));
  await drawSignature(page);
  await page.getByRole('button', { name: t('sign.submit') }).click();
  await readToEnd(page, t('policies.confirm'));
  await page.getByLabel(t('noPhoto.agree')).waitFor();
}

/** On the welcome screen (in whichever language it shows), picks the visitor's language. */
async function chooseLanguageOnWelcome(page: Page, language: 'en' | 'km') {
  const titles = (['en', 'km'] as const).map((l) => kioskStrings(l)('welcome.title'));
  await page.getByRole('heading', { name: new RegExp(`^(${titles.join('|')})$`) }).waitFor({ timeout: 30_000 });
  const choice = page.getByRole('button', { name: kioskStrings(language)('meta.name'), exact: true });
  if ((await choice.getAttribute('aria-pressed')) !== 'true') await choice.click();
}

/** Ticks the no-photography box and taps "Sign in": the moment the visitor signs. Returns that moment. */
export async function signAtNoPhoto(page: Page, language: 'en' | 'km'): Promise<Date> {
  const t = kioskStrings(language);
  await page.getByLabel(t('noPhoto.agree')).check();
  const tapped = new Date();
  await page.getByRole('button', { name: t('noPhoto.submit'), exact: true }).click();
  return tapped;
}

/**
 * With no network the tablet waits out its submit budget (8 s of "please wait") before it keeps a record: the page's
 * clock is moved through it until `outcome` shows, and then set back to the real time, so that what the tablet
 * stamps afterwards carries the real time. Needs the clock the offline fixture installs.
 */
export async function throughSubmitBudget(page: Page, outcome: Locator): Promise<void> {
  await runClockUntil(page, outcome, { limitMs: 20_000 });
  await page.clock.setSystemTime(new Date());
}

/** The code on the badge now on screen. */
export async function badgeCode(page: Page): Promise<string> {
  await page.getByTestId('visit-code').waitFor({ timeout: 20_000 });
  const code = ((await page.getByTestId('visit-code').textContent()) ?? '').replace(/\s/g, '');
  rememberSecret('visit-code', code, { hashed: true });
  return code;
}

/** Types a code at "Sign out" and confirms. Returns the moment the visitor confirmed. */
export async function signOutWithCode(page: Page, language: 'en' | 'km', code: string): Promise<Date> {
  rememberSecret('visit-code', code, { hashed: true });
  const t = kioskStrings(language);
  await chooseLanguageOnWelcome(page, language);
  await page.getByRole('button', { name: t('welcome.signOut'), exact: true }).click();
  await page.getByLabel(t('signOut.codeLabel')).fill(code);
  await page.getByRole('button', { name: t('app.continue'), exact: true }).click();
  await page.getByRole('heading', { name: t('signOut.confirmTitle') }).waitFor();
  const tapped = new Date();
  await page.getByRole('button', { name: t('signOut.submit'), exact: true }).click();
  return tapped;
}

/**
 * How many records one of the kiosk's IndexedDB stores holds — its queue of unsent records, or its reserved visit
 * codes — counted on disk, not from what the page shows.
 */
export function keptCount(page: Page, what: 'records' | 'codes'): Promise<number> {
  return page.evaluate(
    ({ database, store }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction(store, 'readonly').objectStore(store).count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    { database: KEPT_DATABASE, store: STORE[what] },
  );
}

/** Leaves the tablet only `left` reserved codes, as if it had handed out the others while offline. */
export function keepOnlyCodes(page: Page, left: number): Promise<void> {
  return page.evaluate(
    ({ database, store, left }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(database);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite');
          let seen = 0;
          const cursor = tx.objectStore(store).openCursor();
          cursor.onsuccess = () => {
            if (!cursor.result) return;
            seen += 1;
            if (seen > left) cursor.result.delete();
            cursor.result.continue();
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { database: KEPT_DATABASE, store: STORE.codes, left },
  );
}

/**
 * Everything the browser holds that someone at the tablet could read, as one string: the page, its fields, local and
 * session storage, history state, every IndexedDB database's name and every record in it (binary as text and as
 * hex), and every response in Cache Storage with its URL.
 */
export async function everythingTheBrowserHolds(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const storage = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    const bytesAsText = (bytes: Uint8Array) =>
      `${new TextDecoder().decode(bytes)} ${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    const show = (value: unknown): string => {
      if (value instanceof ArrayBuffer) return bytesAsText(new Uint8Array(value));
      if (ArrayBuffer.isView(value))
        return bytesAsText(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      if (value instanceof CryptoKey) return `CryptoKey(${value.algorithm.name}, extractable=${value.extractable})`;
      if (value !== null && typeof value === 'object') {
        return Object.entries(value)
          .map(([k, v]) => `${k}:${show(v)}`)
          .join(' ');
      }
      return String(value);
    };
    const databases = await indexedDB.databases();
    const records: string[] = [];
    for (const { name } of databases) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of db.objectStoreNames) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const all = db.transaction(store, 'readonly').objectStore(store).getAll();
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
        records.push(`${name}/${store}`, ...values.map(show));
      }
      db.close();
    }
    const cached: string[] = [];
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        cached.push(decodeURIComponent(request.url), (await response?.text()) ?? '');
      }
    }
    const fields = [...document.querySelectorAll('input, textarea')].map((el) => (el as HTMLInputElement).value);
    return [
      document.documentElement.outerHTML,
      ...fields,
      ...storage(localStorage),
      ...storage(sessionStorage),
      JSON.stringify(history.state),
      ...databases.map((d) => d.name ?? ''),
      ...records,
      ...cached,
    ].join('\n');
  });
}

/** The URLs under /trpc that Cache Storage holds. */
export function cachedApiUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        if (new URL(request.url).pathname.startsWith('/trpc/')) urls.push(request.url);
      }
    }
    return urls;
  });
}
