import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi, staffCookie } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const escort = 'escort1@demo.threshold.local'; // Sok Dara
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const kiosk = apiClient(server.url, { kioskToken: token });
  const desk = apiClient(server.url, { cookie: await staffCookie(server.url, demo.reception, demo.password) });
  const [site] = await sql<{ id: string }[]>`select id from site`;
  const siteId = site?.id ?? '';
  const receipt = await signInThroughApi(kiosk, { fullName: 'Nadia Concern', organisation: 'Visiting Ltd' });
  const [visit] = await sql<{ id: string }[]>`select id from visit where visit_code = ${receipt.visitCode}`;
  const sok = (await desk.escorts.list.query({ siteId })).find((e) => e.name === 'Sok Dara');
  if (!visit || !sok) throw new Error('demo data missing');
  await desk.escorts.assign.mutate({ siteId, visitId: visit.id, staffId: sok.staffId });
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function signedIn(email: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  return page;
}

describe('a concern raised on the escort’s phone', () => {
  it('reaches the coordinator at once as an alert, and the visit is held', async () => {
    const phone = await signedIn(escort, { width: 390, height: 844 });
    await phone.getByRole('button', { name: 'I am with Nadia C.' }).click();
    await phone.getByRole('button', { name: /^Raise a concern…/ }).click();
    const form = phone.getByRole('form', { name: 'Raise a concern about Nadia C.' });
    await form.getByText('This will be recorded with your name').waitFor();
    await form.getByLabel('What is the concern about?').selectOption({ label: 'A child disclosed something' });
    await form.getByLabel(/What happened/).fill('A child told me the visitor had been to their old house');
    expect(await seriousA11yViolations(phone)).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'safeguarding-01-escort-concern-form');

    const coordinator = await signedIn(demo.coordinator, { width: 1280, height: 900 });
    await coordinator.getByText('Live: visitors appear').waitFor({ timeout: 15_000 });
    await form.getByRole('button', { name: 'Record the concern' }).click();
    await phone.getByRole('status').getByText('Concern recorded. A coordinator has been told.').waitFor();
    await screenshot(phone, 'safeguarding-02-escort-concern-recorded');

    // The board's alert arrives by the live stream (its own refetch is every 60 s).
    await coordinator.getByText('Safeguarding concern raised').first().waitFor({ timeout: 5000 });
    await screenshot(coordinator, 'safeguarding-03-coordinator-alert');

    await coordinator.getByRole('link', { name: 'Holds' }).click();
    const row = coordinator.getByRole('row', { name: /Nadia Concern/ });
    await row.getByText('Child protection concern (from a concern)').waitFor();
    expect(await seriousA11yViolations(coordinator)).toEqual([]);
    await screenshot(coordinator, 'safeguarding-04-holds');

    await coordinator.getByRole('link', { name: 'Concerns' }).click();
    await coordinator.getByText('A child told me the visitor had been to their old house').waitFor();
    await coordinator.getByText('Raised by Sok Dara on their phone (escort)').waitFor();
    expect(await seriousA11yViolations(coordinator)).toEqual([]);
    await screenshot(coordinator, 'safeguarding-05-concerns');

    const [email] = await sql`select count(*)::int as n from outbox_message
      where template = 'alert_raised' and payload->>'kind' = 'safeguarding_concern'`;
    expect(email?.n).toBeGreaterThan(0);
  });
});
