import { rm } from 'node:fs/promises';
import { namePrefixQuery } from '@threshold/db';
import type { Browser, Page, Route } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { kioskStrings, walkSignIn } from '../support/kiosk.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const en = kioskStrings('en');
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let kiosk: Page;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  browser = await launchBrowser();
  kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), token);
  await kiosk.reload();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a connection that fails while the visitor submits', () => {
  it('keeps the journey, says so, retries with the same key, and the visit is stored exactly once', async () => {
    let attempts = 0;
    let sawRetryNotice = false;
    await kiosk.route('**/trpc/visits.signIn**', async (route: Route) => {
      attempts += 1;
      if (attempts === 1) {
        // The server receives and commits the sign-in, but the answer never reaches the kiosk.
        await route.fetch();
        await route.abort('connectionreset');
      } else if (attempts === 2) {
        await route.abort('internetdisconnected');
      } else {
        await kiosk.getByText(en('submit.retrying')).waitFor();
        sawRetryNotice = true;
        await screenshot(kiosk, 'kiosk-network-retrying');
        await route.continue();
      }
    });
    const journey = await walkSignIn(
      kiosk,
      'en',
      {
        fullName: 'Unlucky Network',
        organisation: 'Patchy Wi-Fi Ltd',
        categoryKey: 'contractor',
        purpose: 'Fix the router',
        host: 'Tom Hughes',
      },
      'kiosk-network',
    );
    expect(attempts).toBe(3);
    expect(sawRetryNotice).toBe(true);

    const sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
    try {
      const visits =
        await sql`select visit_code from visit where visitor_name_index @> ${namePrefixQuery('Unlucky Network')}::text[]`;
      expect(visits.map((v) => v.visit_code)).toEqual([journey.visitCode]);
      const signatures = await sql`select count(*)::int as n from visit_signature`;
      expect(signatures[0]?.n).toBe(1);
      const audits = await sql`select count(*)::int as n from audit_event where type = 'visit.signed_in'`;
      expect(audits[0]?.n).toBe(1);
    } finally {
      await sql.end();
    }
  });
});
