import { rm } from 'node:fs/promises';
import { runRetentionPurge } from '@threshold/api';
import { createDb, findRunningEmbedded, namePrefixQuery } from '@threshold/db';
import type { Browser } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let oldVisitId: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
    fullName: 'Orla Longago',
    organisation: 'Archive Ltd',
  });
  // The visit is made four years old: past the default three-year period.
  const [visit] = await sql<{ id: string }[]>`
    update visit set state = 'signed_out', signed_in_at = now() - interval '4 years',
                     signed_out_at = now() - interval '4 years' + interval '1 hour'
     where visitor_name_index @> ${namePrefixQuery('Orla Longago')}::text[] returning id`;
  if (!visit) throw new Error('the visit was not recorded');
  oldVisitId = visit.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('retention (a purge on the running server’s database, then the admin page in Chromium)', () => {
  it('a purge destroys the expired visit (as the owner role, as the nightly job does)', async () => {
    const running = await findRunningEmbedded(dataDir);
    if (!running) throw new Error('the server’s database is not running');
    const owner = createDb(running.ownerUrl, { max: 1 });
    try {
      const results = await runRetentionPurge(owner.db, { now: new Date(), trigger: 'command' });
      expect(results.reduce((n, r) => n + r.counts.visits, 0)).toBe(1);
    } finally {
      await owner.close();
    }
    expect(await sql`select id from visit where id = ${oldVisitId}`).toHaveLength(0);
  });

  it('the admin sees the purge and gives the site its own period', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/admin/`);
    await signInToAdmin(page, demo.admin);
    // An admin who sees no visits starts on what to set up next.
    await page.getByRole('heading', { name: /^Set up / }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-set-up-next');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Retention' }).click();
    await page.getByRole('heading', { name: 'Retention', level: 1 }).waitFor();
    await page.locator('strong', { hasText: '3 years' }).waitFor();
    // Found by what started it: the server's own purge check (every 5 minutes) may have run last night's missed
    // purge meanwhile, listed above it.
    const row = page
      .getByRole('table', { name: /Recent purges/ })
      .getByRole('row')
      .filter({ hasText: 'Command line' });
    expect(await row.textContent()).toMatch(/Command line.*Finished.*1/);

    await page.getByLabel('This site’s own period, in months').fill('72');
    await page.getByRole('button', { name: 'Save retention periods' }).click();
    await page.getByRole('status').getByText('Retention periods saved and recorded.').waitFor();
    await page.locator('strong', { hasText: '6 years' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-retention');
    const [audit] = await sql<{ data: unknown }[]>`
      select data from audit_event where type = 'retention.period_set' order by id desc limit 1`;
    expect(audit?.data).toEqual({
      organisationMonthsFrom: 36,
      organisationMonthsTo: 36,
      siteMonthsFrom: null,
      siteMonthsTo: 72,
    });
  });
});
