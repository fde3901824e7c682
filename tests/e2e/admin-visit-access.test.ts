import { rm } from 'node:fs/promises';
import { findRunningEmbedded } from '@threshold/db';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const SELF_GRANT = 'You cannot give yourself access to visit records. Ask another admin, or your coordinator.';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let admin: Page;
let coordinator: Page;

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  browser = await launchBrowser();
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  coordinator = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function openRoles(page: Page, name: string) {
  await page.getByRole('button', { name: `Change roles of ${name}…` }).click();
  return page.getByRole('group', { name: `Roles of ${name} at this site` });
}

describe('need-to-know for admins, in Chromium against the real server', () => {
  it('does not offer an admin coordinator or reception access to themselves, and says why', async () => {
    await admin.goto(`${server.url}/admin/`);
    await signInToAdmin(admin, demo.admin);
    await admin.getByRole('link', { name: 'Staff', exact: true }).click();
    const roles = await openRoles(admin, 'Alex Admin');
    expect(await roles.getByRole('checkbox', { name: /^Coordinator/ }).isDisabled()).toBe(true);
    expect(await roles.getByRole('checkbox', { name: /^Reception/ }).isDisabled()).toBe(true);
    expect(await roles.getByRole('checkbox', { name: /^Escort/ }).isDisabled()).toBe(false);
    await roles.getByText(SELF_GRANT).waitFor();
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-self-grant-disabled');
  });

  it('shows the server’s refusal beside the roles if the box is forced on', async () => {
    const roles = admin.getByRole('group', { name: 'Roles of Alex Admin at this site' });
    const box = roles.getByRole('checkbox', { name: /^Coordinator/ });
    // As a modified page would: the server, not the disabled box, is what refuses.
    await box.evaluate((el) => el.removeAttribute('disabled'));
    await box.check();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await roles.getByRole('alert').filter({ hasText: SELF_GRANT }).waitFor();
    await screenshot(admin, 'admin-self-grant-refused');
    await admin.getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.getByRole('row', { name: /Alex Admin/ }).textContent()).not.toContain('Coordinator');
  });

  it('alerts the coordinator’s desk at once when the admin gives someone else coordinator access', async () => {
    await coordinator.goto(`${server.url}/admin/`);
    await signInToAdmin(coordinator, demo.coordinator);
    const status = coordinator.getByRole('status').filter({ hasText: /^(Live|Connecting|Reconnecting)/ });
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Live/);

    const roles = await openRoles(admin, 'Tom Hughes');
    await roles.getByRole('checkbox', { name: /^Coordinator/ }).check();
    await admin.getByRole('button', { name: 'Save roles' }).click();
    await admin.getByRole('row', { name: /Tom Hughes.*Coordinator/ }).waitFor();

    // The board refetches alerts on its own only every 60 s: within 5 s, it came by the live stream.
    // Alerts are grouped by kind: the group names the kind, each alert who.
    const alert = coordinator.getByText(/^Tom Hughes can now see visitors’ names here, since /);
    await alert.waitFor({ timeout: 5000 });
    await coordinator.getByText(/^Access to visit records given — 1 alert, raised /).waitFor();
    expect(await seriousA11yViolations(coordinator)).toEqual([]);
    await screenshot(coordinator, 'admin-visit-access-alert');
  });

  it('the server’s command line can give the admin coordinator access; the desk is alerted again', async () => {
    const sql = postgres(await databaseUrl(), { max: 1, onnotice: () => {} });
    const [site] = await sql<{ id: string }[]>`select id from site limit 1`;
    await sql.end();
    const granted = await runCli(
      ['grant-role', '--email', demo.admin, '--site', site?.id ?? '', '--role', 'coordinator'],
      { THRESHOLD_DATA_DIR: dataDir },
    );
    expect(granted.err).toBe('');
    expect(granted.code).toBe(0);
    expect(granted.out).toContain('is now coordinator at Riverside House');
    await coordinator.getByText(/^Alex Admin can now see visitors’ names here, since /).waitFor({ timeout: 5000 });
  });
});

/** The running server's embedded database, as the CLI finds it. */
async function databaseUrl(): Promise<string> {
  const running = await findRunningEmbedded(dataDir);
  if (!running) throw new Error('no embedded database is running in the data folder');
  return running.appUrl;
}
