import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { sealedVisit } from '@threshold/db/testing';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const BULK = 1200;
const TOTAL = BULK + 3;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let sql: postgres.Sql;
let page: Page;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const kiosk = apiClient(server.url, { kioskToken: token });
  for (const fullName of ['Ann Api', 'Ben Api', '=Cat Formula']) {
    await signInThroughApi(kiosk, { fullName, organisation: 'Kiosk Visitors Ltd' });
  }
  // Earlier visits across the last ten weeks, so the chart has weeks and categories and the export several pages.
  // Visitor details are stored encrypted: the rows are sealed here with the keys the server was given.
  const sites = await sql<{ id: string; organisation_id: string }[]>`select id, organisation_id from site`;
  const categories = ['researcher', 'volunteer', 'donor', 'student_placement'];
  const ago = (days: number, hours: number) => new Date(Date.now() - (days * 24 + hours) * 3_600_000).toISOString();
  const earlier = sites.flatMap((site) =>
    Array.from({ length: BULK }, (_, n) => {
      const i = n + 1;
      return {
        organisation_id: site.organisation_id,
        site_id: site.id,
        idempotency_key: randomUUID(),
        ...sealedVisit({ name: `Earlier Visitor ${i}`, organisation: 'Archive Ltd' }),
        category: categories[i % 4],
        state: 'signed_out',
        visit_code: `E${i}`,
        signed_in_at: ago(i % 70, 2),
        signed_out_at: ago(i % 70, 1),
      };
    }),
  );
  await sql`insert into visit ${sql(earlier)}`;
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, demo.coordinator);
});

afterAll(async () => {
  await sql?.end();
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Export pages answer slowly, as over a poor connection, so the progress can be watched (and cancelled). */
async function slowExportPages() {
  await page.route('**/trpc/reports.exportPage*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
}

describe('Reports in the admin app (demo coordinator)', () => {
  it('shows the last 12 weeks as a chart with a table of the same numbers, compliance and the median', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const canvas = page.getByRole('img', { name: /Stacked bar chart: 1,203 visits/ });
    await canvas.waitFor({ timeout: 15_000 });
    // Something was actually drawn on the canvas.
    await expect
      .poll(() =>
        canvas.evaluate((c) => {
          const el = c as HTMLCanvasElement;
          const pixels = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data ?? [];
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(5000);
    await expect.poll(() => page.getByText('Compliance rate').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/an escort confirmed within 10 minutes of sign-in/).isVisible()).toBe(true);
    await page.getByText('Median time to escort confirmation').waitFor();
    // The visit log's exceptions, named as the log names them.
    const exceptions = page.getByRole('region', { name: 'Exceptions' });
    await exceptions.getByText('Form not signed').waitFor();
    await exceptions.getByText('Acknowledgement missing').waitFor();

    await page.getByText('Show these numbers as a table').click();
    const table = page.getByRole('table', { name: /Visits per week by category/ });
    await table.waitFor();
    // A header, 12 weeks and the totals.
    expect(await table.getByRole('row').count()).toBe(14);
    const totals = table.getByRole('row', { name: /All weeks/ });
    expect(await totals.getByRole('cell').last().textContent()).toBe(String(TOTAL));
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining(['Researcher', 'Volunteer', 'Donor', 'Student on placement', 'Contractor']),
    );
    await screenshot(page, 'admin-reports');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('exports every visit as a CSV with progress shown, and can cancel an export', async () => {
    await slowExportPages();
    await page.getByRole('radio', { name: 'Inspection or audit' }).check();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('status').filter({ hasText: `Exporting: 500 of 1,203 visits` }).waitFor();
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('500');
    await screenshot(page, 'admin-reports-exporting');
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^visits-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    await page.getByRole('status').filter({ hasText: 'Exported 1,203 visits' }).waitFor();

    expect(csv.startsWith('\uFEFFdate,signed_in,signed_out,visitor_name,')).toBe(true);
    const rows = csv.replace('\uFEFF', '').trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(TOTAL);
    const ids = rows.map((r) => /"([0-9a-f-]{36})"$/.exec(r)?.[1]);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(rows.find((r) => r.includes('"Ann Api"'))).toContain('"Kiosk Visitors Ltd","contractor"');
    expect(rows.some((r) => r.includes(`"'=Cat Formula"`))).toBe(true);

    // Cancelled after the first page: no file, and the page says so.
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('status').filter({ hasText: 'Exporting: 500 of 1,203 visits' }).waitFor();
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page.getByRole('status').filter({ hasText: 'Export cancelled' }).waitFor();
    await page.waitForTimeout(2500);
    expect(downloads).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const audits = await sql<{ type: string; data: Record<string, unknown> }[]>`
      select type, data from audit_event where type in ('reports.viewed', 'visits.exported') order by id`;
    expect(audits.map((a) => a.type)).toEqual(['reports.viewed', 'visits.exported', 'visits.exported']);
    expect(audits[1]?.data).toMatchObject({ count: TOTAL, via: 'admin', reason: 'inspection' });
  });

  it('explains a period that ends before it starts, next to the field', async () => {
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    await page.getByLabel('From', { exact: true }).fill(`${Number(to.slice(0, 4)) + 1}${to.slice(4)}`);
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByText('The end date must be on or after the start date').waitFor();
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
