import { rm } from 'node:fs/promises';
import { startTestSmtp, type TestSmtp } from '@threshold/api/testing';
import { decryptValue } from '@threshold/db';
import type { Browser, Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, demo, signInThroughApi } from '../support/api.ts';
import { launchBrowser, screenshot, seriousA11yViolations, signInToAdmin } from '../support/browser.ts';
import { runCli } from '../support/cli.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let smtp: TestSmtp;
let server: RunningServer;
let dataDir: string;
let browser: Browser;
let sql: postgres.Sql;
let kiosk: ReturnType<typeof apiClient>;
let admin: Page;
// The worker's pause between runs (5 s under `npm start`), short so six attempts take seconds.
const OUTBOX_INTERVAL_MS = 250;

beforeAll(async () => {
  smtp = await startTestSmtp();
  // The mail server refuses every recipient until a test says otherwise.
  smtp.rejectRecipients = true;
  dataDir = await tempDataDir();
  server = await startServer({
    THRESHOLD_DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Threshold <desk@example.org>',
    THRESHOLD_OUTBOX_INTERVAL_MS: String(OUTBOX_INTERVAL_MS),
  });
  sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  kiosk = apiClient(server.url, { kioskToken: token });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
  await server?.stop();
  await smtp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A visitor asks for their signed copy at the kiosk; returns the id of the queued message. */
async function visitorWantsCopy(fullName: string, email: string): Promise<string> {
  await signInThroughApi(kiosk, { fullName, organisation: 'Secret Research Unit', email });
  // Addresses are stored encrypted (the server's keys are the test keys): found by opening each.
  const queued = await sql`select id, to_address from outbox_message where to_address is not null`;
  const row = queued.find((r) => decryptValue(r.to_address) === email);
  if (!row) throw new Error(`no message queued for ${fullName}`);
  return String(row.id);
}

/**
 * Lets time pass for these messages: after each refused attempt the retry (minutes away) is made due at once, so the
 * real worker spends all six attempts within seconds, until it gives up.
 */
async function untilGivenUp(ids: string[]) {
  await expect
    .poll(
      async () => {
        await sql`update outbox_message set next_attempt_at = now() where id in ${sql(ids)} and status = 'pending'`;
        const rows = await sql`select status from outbox_message where id in ${sql(ids)}`;
        return rows.map((r) => r.status);
      },
      { timeout: 90_000, interval: OUTBOX_INTERVAL_MS },
    )
    .toEqual(ids.map(() => 'failed'));
}

const deliveredTo = (address: string) => smtp.received.filter((m) => m.rcptTo.includes(address)).length;

async function deskPage(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${server.url}/admin/`);
  await signInToAdmin(page, email);
  return page;
}

describe('email that cannot be sent is never lost silently (real SMTP server, real worker)', () => {
  it('logs each refused attempt without the address, gives up after 6, and tells admins on every page', async () => {
    const id = await visitorWantsCopy('Imogen Featherstonehaugh', 'imogen@example.org');
    await untilGivenUp([id]);

    // The worker's log: ids, template and codes, never the address or the name. The worker logs an attempt after
    // its outcome is committed, so the last line may follow the status it waits on by a moment.
    const mailLinesNow = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('[mail]'));
    await expect
      .poll(() => mailLinesNow().find((l) => l.includes(`${id} (signed_form_copy) attempt 6`)), { timeout: 10_000 })
      .toMatch(/attempt 6 failed: EENVELOPE 550; gave up after 6 attempts/);
    const mailLines = mailLinesNow();
    expect(mailLines).toContain(
      `[mail] message ${id} (signed_form_copy) attempt 1 failed: EENVELOPE 550; next try in 2 min`,
    );
    for (const line of mailLines) {
      expect(line).not.toContain('@');
      expect(line).not.toContain('Featherstonehaugh');
    }
    const [gaveUp] = await sql`select actor_type, data from audit_event where type = 'outbox.gave_up'`;
    expect(gaveUp).toMatchObject({ actor_type: 'system', data: { messageId: id, attempts: 6, adminsAlerted: 1 } });
    const notices = await sql`select to_address from outbox_message where template = 'mail_failed'`;
    expect(notices.map((n) => decryptValue(n.to_address))).toEqual([demo.admin]);

    admin = await deskPage(demo.admin);
    // Above every page: the admin's first page is the Outbox itself, so look from another.
    // The sections menu's link: a new site's start page links to Staff too.
    await admin.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Staff', exact: true }).click();
    const banner = admin.getByRole('region', { name: /1 email could not be sent/ });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getByRole('heading').textContent()).toBe(
      '1 email could not be sent — open the Outbox to send it again',
    );
    expect(await admin.getByRole('link', { name: 'Outbox 1 could not be sent' }).count()).toBe(1);
    await screenshot(admin, 'admin-outbox-banner');

    await banner.getByRole('button', { name: 'Open the Outbox' }).click();
    const row = admin.getByRole('row', { name: /Signed form copy/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Signed form copy (to the visitor)');
    expect(text).toContain('Failed');
    expect(text).toContain('the mail server refused the address (EENVELOPE 550)');
    // Admins see the address masked.
    expect(text).toContain('i•••@example.org');
    expect(await seriousA11yViolations(admin)).toEqual([]);
    await screenshot(admin, 'admin-outbox-failed');

    // A coordinator sees it too, and is told who can act.
    const coordinator = await deskPage(demo.coordinator);
    await coordinator
      .getByRole('heading', { name: '1 email could not be sent — an admin can send it again from the Outbox' })
      .waitFor({ timeout: 15_000 });
    await coordinator.getByRole('link', { name: /^Outbox/ }).click();
    await coordinator.getByRole('row', { name: /Signed form copy/ }).waitFor();
    expect(await coordinator.getByRole('button', { name: /Send/ }).count()).toBe(0);
    await screenshot(coordinator, 'admin-outbox-coordinator');
  });

  it('sends it again from the Outbox, recorded, and the mail server (accepting again) gets it once', async () => {
    smtp.rejectRecipients = false;
    await admin.getByRole('button', { name: /^Send again/ }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: 'The email is back in the queue and will be sent within a minute.' })
      .waitFor();
    await expect.poll(() => admin.getByRole('region', { name: /could not be sent/ }).count()).toBe(0);
    expect(await admin.getByRole('link', { name: 'Outbox', exact: true }).count()).toBe(1);
    await screenshot(admin, 'admin-outbox-resent');

    await expect.poll(() => deliveredTo('imogen@example.org'), { timeout: 20_000, interval: 250 }).toBe(1);
    const [resent] = await sql`select actor_type, data from audit_event where type = 'outbox.resent'`;
    expect(resent).toMatchObject({ actor_type: 'staff', data: { via: 'admin' } });
    await expect
      .poll(async () => (await sql`select status from outbox_message where template = 'signed_form_copy'`)[0]?.status)
      .toBe('sent');
    // Once: later runs of the worker find nothing more to send to the visitor.
    await new Promise((resolve) => setTimeout(resolve, 8 * OUTBOX_INTERVAL_MS));
    expect(deliveredTo('imogen@example.org')).toBe(1);
  });

  it('sends failed email again from the CLI: one message by id, or every failed one (recorded as the system)', async () => {
    smtp.rejectRecipients = true;
    const first = await visitorWantsCopy('Otto Firstly', 'otto@example.org');
    const second = await visitorWantsCopy('Sami Secondly', 'sami@example.org');
    await untilGivenUp([first, second]);
    // The banner polls once a minute; a reload shows it at once.
    await admin.reload();
    await admin
      .getByRole('heading', { name: '2 emails could not be sent — open the Outbox to send them again' })
      .waitFor({ timeout: 15_000 });
    await screenshot(admin, 'admin-outbox-banner-two');

    const env = { THRESHOLD_DATA_DIR: dataDir };
    const neither = await runCli(['outbox', 'resend'], env);
    expect(neither.code).toBe(1);
    expect(neither.err).toContain('give either --failed or --id');
    const notAnId = await runCli(['outbox', 'resend', '--id', 'otto'], env);
    expect(notAnId.code).toBe(1);
    expect(notAnId.err).toContain('--id must be a message id');

    smtp.rejectRecipients = false;
    const one = await runCli(['outbox', 'resend', '--id', first], env);
    expect(one.code).toBe(0);
    expect(one.out).toContain(`Riverside House: message ${first} is back in the queue.`);
    const again = await runCli(['outbox', 'resend', '--id', first], env);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/still waiting to be sent|was sent already/);
    const all = await runCli(['outbox', 'resend', '--failed'], env);
    expect(all.code).toBe(0);
    expect(all.out).toContain('Riverside House: 1 email back in the queue.');

    await expect
      .poll(() => [deliveredTo('otto@example.org'), deliveredTo('sami@example.org')], { timeout: 20_000 })
      .toEqual([1, 1]);
    const audits = await sql`select actor_type, data from audit_event where type = 'outbox.resent' order by id`;
    expect(audits.slice(1)).toEqual([
      { actor_type: 'system', data: { messageIds: [first], via: 'cli' } },
      { actor_type: 'system', data: { messageIds: [second], via: 'cli' } },
    ]);
  });
});
