import { rm } from 'node:fs/promises';
import { decryptValue, namePrefixQuery } from '@threshold/db';
import type { Browser } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let timeZone: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const [site] = await sql<{ timezone: string }[]>`select timezone from site`;
  timeZone = site?.timezone ?? 'UTC';
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const kiosk = apiClient(server.url, { kioskToken: token });
  await signInThroughApi(kiosk, { fullName: 'Dora Late', organisation: 'Evening Ltd' });
  await signInThroughApi(kiosk, { fullName: 'Sam Early', organisation: 'Morning Ltd' });
  // Dora was still here at last night's closing time. The closing-time sweep itself is proven in the api tests
  // (packages/api/src/routers/departures.test.ts); here it would mean waiting for the server's next minute.
  await sql`update visit set state = 'departure_unconfirmed', signed_in_at = now() - interval '3 hours'
    where visitor_name_index @> ${namePrefixQuery('Dora Late')}::text[]`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** `at` as a datetime-local field reads it at the site. */
function siteLocal(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

describe('departures at the desk', () => {
  it('reception records when a visitor left after closing time, and signs another out with a reason', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${server.url}/admin/`);
    await signInToAdmin(page, demo.reception);
    const dora = page.getByRole('row').filter({ hasText: 'Dora Late' });
    const sam = page.getByRole('row').filter({ hasText: 'Sam Early' });
    await dora.getByText('Departure not confirmed').waitFor();
    await screenshot(page, 'departures-board');

    await dora.getByRole('button', { name: /^Record departure…/ }).click();
    const form = page.getByRole('form', { name: 'Record when Dora Late left' });
    await form.getByRole('button', { name: 'Record departure' }).click();
    await form.getByText('Enter the date and time they left').waitFor();
    await form.getByLabel('When they left').fill(siteLocal(new Date(Date.now() + 3_600_000)));
    await form.getByLabel('How you know').fill('Night staff saw her leave');
    await form.getByRole('button', { name: 'Record departure' }).click();
    await form.getByText('The time they left cannot be in the future.').waitFor();
    await screenshot(page, 'departures-record-refused');
    const leftAt = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000);
    await form.getByLabel('When they left').fill(siteLocal(leftAt));
    await form.getByRole('button', { name: 'Record departure' }).click();
    await dora.waitFor({ state: 'detached' });

    await sam.getByRole('button', { name: /^Sign out for them…/ }).click();
    const signOut = page.getByRole('form', { name: 'Sign Sam Early out' });
    await signOut.getByText('It will be recorded with your name').waitFor();
    await signOut.getByRole('button', { name: 'Sign out now' }).click();
    await signOut.getByText('Say why you are signing them out').waitFor();
    await signOut.getByLabel('Why are you signing them out?').fill('Handed the badge in at reception');
    await screenshot(page, 'departures-sign-out-for-them');
    await signOut.getByRole('button', { name: 'Sign out now' }).click();
    await sam.waitFor({ state: 'detached' });

    const stored = await sql<{ visitor_name: Buffer; state: string; signed_out_at: Date; sign_out_note: string }[]>`
      select visitor_name, state, signed_out_at, sign_out_note from visit
      where visitor_name_index @> ${namePrefixQuery('Dora Late')}::text[]
         or visitor_name_index @> ${namePrefixQuery('Sam Early')}::text[]`;
    const rows = stored
      .map((r) => ({ ...r, visitor_name: decryptValue(r.visitor_name) }))
      .sort((a, b) => a.visitor_name.localeCompare(b.visitor_name));
    expect(rows.map((r) => [r.visitor_name, r.state, r.sign_out_note])).toEqual([
      ['Dora Late', 'signed_out', 'Night staff saw her leave'],
      ['Sam Early', 'signed_out', 'Handed the badge in at reception'],
    ]);
    expect(rows[0]?.signed_out_at.getTime()).toBe(leftAt.getTime());
  });
});
