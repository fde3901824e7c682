import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, signInToAdmin } from '../support/browser.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

// The board refetches by itself only every 60 s while live, so anything faster than that came by the stream.
const LIVE_WITHIN_MS = 5000;

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let admin: Page;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the "On site now" board in Chromium, fed by live events', () => {
  it('says it is live, shows a sign-in and a sign-out within seconds, and says so when the server goes', async () => {
    const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
    const kiosk = apiClient(server.url, { kioskToken: token });

    await admin.goto(`${server.url}/admin/`);
    await signInToAdmin(admin, demo.coordinator);
    const status = admin.getByRole('status').filter({ hasText: /^(Live|Connecting|Reconnecting)/ });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Live/);

    const receipt = await signInThroughApi(kiosk, { fullName: 'Lin Live', organisation: 'Streaming Ltd' });
    await admin.getByRole('row', { name: /Lin Live/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    await screenshot(admin, 'admin-live-board');

    await kiosk.visits.signOut.mutate({ visitCode: receipt.visitCode });
    await expect.poll(() => admin.getByRole('row', { name: /Lin Live/ }).count(), { timeout: LIVE_WITHIN_MS }).toBe(0);

    // Stopping the server ends the stream without "done": the board must not go on claiming to be live.
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('Stopped cleanly.');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Reconnecting/);
    await screenshot(admin, 'admin-live-reconnecting');
  });
});
