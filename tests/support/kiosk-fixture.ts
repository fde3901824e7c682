import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import postgres from 'postgres';
import { apiClient } from './api.ts';
import { launchBrowser } from './browser.ts';
import { kioskStrings } from './kiosk.ts';
import { waitUntilReadyOffline } from './kiosk-offline.ts';
import { type RunningServer, startServer, tempDataDir } from './server.ts';
import { rememberSecret } from './server-logs.ts';

export interface OfflineKiosk {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  /** The kiosk on a portrait tablet, paired, on its welcome screen, with everything it needs offline cached. */
  kiosk: Page;
  /** The application role on the server's embedded database. */
  sql: postgres.Sql;
  token: string;
  deviceId: string;
  close: () => Promise<void>;
}

/**
 * The real server on a fresh data folder and a paired kiosk in Chromium, ready to lose its connection.
 * `heartbeatSeconds`: how often the tablet reports to the server (30 s under `npm start`).
 */
export async function startOfflineKiosk(options: {
  idleSeconds?: number;
  heartbeatSeconds?: number;
}): Promise<OfflineKiosk> {
  const dataDir = await tempDataDir();
  const server = await startServer({
    THRESHOLD_DATA_DIR: dataDir,
    ...(options.heartbeatSeconds ? { THRESHOLD_KIOSK_HEARTBEAT_SECONDS: String(options.heartbeatSeconds) } : {}),
  });
  const sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  if (options.idleSeconds) await sql`update site set idle_timeout_seconds = ${options.idleSeconds}`;
  const { token, deviceId } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  rememberSecret('kiosk-token', token, { hashed: true });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true });
  const kiosk = await context.newPage();
  // Runs on by itself like a real clock; a test moves it through the tablet's waits (see throughSubmitBudget).
  await kiosk.clock.install();
  await kiosk.goto(`${server.url}/kiosk/`);
  await kiosk.evaluate((t) => localStorage.setItem('threshold.kiosk.deviceToken', t), token);
  await kiosk.reload();
  await kiosk.getByRole('heading', { name: kioskStrings('en')('welcome.title') }).waitFor();
  await waitUntilReadyOffline(kiosk);
  return {
    server,
    browser,
    context,
    kiosk,
    sql,
    token,
    deviceId,
    close: async () => {
      await browser.close();
      await sql.end();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
