import { rm } from 'node:fs/promises';
import { findRunningEmbedded } from '@threshold/db';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, enrolTwoFactor, replaceInitialPassword, signInThroughApi, staffCookie } from '../support/api.ts';
import { runCli } from '../support/cli.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the ops CLI (npm run threshold -- …)', () => {
  let dataDir = '';
  let siteId = '';
  let password = '';
  let server: RunningServer;

  it('creates the first admin, organisation and site on an empty installation (no server running)', async () => {
    dataDir = await tempDataDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env = { THRESHOLD_DATA_DIR: dataDir };
    const created = await runCli(
      [
        'create-admin',
        '--email',
        'ops@example.org',
        '--name',
        'Olu Ops',
        '--organisation',
        'Harbour Trust',
        '--site-name',
        'Harbour House',
        '--time-zone',
        'Europe/London',
      ],
      env,
    );
    expect(created.code).toBe(0);
    siteId = /at site ([0-9a-f-]{36})/.exec(created.out)?.[1] ?? '';
    password = /Password .*: (\S+)/.exec(created.out)?.[1] ?? '';
    expect(siteId).not.toBe('');
    expect(password.length).toBeGreaterThanOrEqual(16);
    const again = await runCli(['create-admin', '--email', 'OPS@example.org', '--name', 'Twice'], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has an account');
    const usage = await runCli(['no-such-command'], env);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('Usage: npm run threshold');
  });

  it('works against the database a running server holds: pairing code, sign-in, CSV export (audited)', async () => {
    server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
    cleanups.push(() => server.stop());
    // The admin signs in with the printed password and must replace it; the new organisation requires two-factor
    // sign-in of admins.
    await expect(staffCookie(server.url, 'ops@example.org', password)).resolves.toContain('threshold');
    const chosen = 'ops-admin-own-password-2026';
    await replaceInitialPassword(server.url, 'ops@example.org', password, chosen);
    password = chosen;
    await enrolTwoFactor(server.url, 'ops@example.org', password);

    const paired = await runCli(['pair-kiosk', '--site', siteId], { THRESHOLD_DATA_DIR: dataDir });
    expect(paired.code).toBe(0);
    const code = /: (\d{6}) /.exec(paired.out)?.[1] ?? '';
    const { token } = await apiClient(server.url).kiosk.pair.mutate({ code });
    await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
      fullName: '=HYPERLINK("http://evil")',
      organisation: 'Quote "Co"',
    });

    // A day either side, whatever the site's time zone and the hour.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const [from, to, today] = [day(-1), day(1), day(0)];
    const exported = await runCli(['export', 'visits', '--from', from, '--to', to, '--reason', 'inspection'], {
      THRESHOLD_DATA_DIR: dataDir,
    });
    expect(exported.code).toBe(0);
    const lines = exported.out.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'date,signed_in,signed_out,visitor_name,visitor_organisation,category,state,escorts,' +
        'minutes_to_escort_confirmation,escort_confirmed_within_10_min,form_version,acknowledged,exceptions,alerts,visit_id',
    );
    expect(lines).toHaveLength(2);
    // A formula typed at the kiosk is neutralised; quotes are doubled.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain('"Quote ""Co"""');

    // The same period downloaded from the admin by a coordinator gives the same bytes: one export path.
    const granted = await runCli(
      ['grant-role', '--email', 'ops@example.org', '--site', siteId, '--role', 'coordinator'],
      {
        THRESHOLD_DATA_DIR: dataDir,
      },
    );
    expect(granted.code).toBe(0);
    const admin = apiClient(server.url, { cookie: await staffCookie(server.url, 'ops@example.org', password) });
    const started = await admin.reports.exportStart.mutate({ siteId, from, to, reason: 'inspection' });
    const page = await admin.reports.exportPage.mutate({ siteId, exportId: started.exportId, after: null });
    expect(page.next).toBeNull();
    expect(`${started.header}${page.csv}`.trimEnd()).toBe(exported.out.trimEnd());

    const unexplained = await runCli(['export', 'visits', '--from', from, '--to', to], { THRESHOLD_DATA_DIR: dataDir });
    expect(unexplained.code).toBe(1);
    expect(unexplained.err).toContain('--reason is required');

    const bad = await runCli(['export', 'visits', '--from', 'yesterday', '--to', today], {
      THRESHOLD_DATA_DIR: dataDir,
    });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--from must be a date');

    const sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
    try {
      const audits =
        await sql`select type, data from audit_event where type in ('staff.created', 'visits.exported') order by id`;
      expect(audits.map((a) => a.type)).toEqual(['staff.created', 'visits.exported', 'visits.exported']);
      // The same record of an export either way: period, count and reason, and where it was made.
      expect(audits[1]?.data).toMatchObject({ count: 1, via: 'cli', reason: 'inspection' });
      expect(audits[2]?.data).toMatchObject({ count: 1, via: 'admin', reason: 'inspection' });
    } finally {
      await sql.end();
    }
  });

  it('verifies the audit chain, and names the first broken row after tampering as the owner', async () => {
    const env = { THRESHOLD_DATA_DIR: dataDir };
    // The sealer chains new rows within a few seconds.
    await expect
      .poll(async () => (await runCli(['audit', 'verify'], env)).out, { timeout: 20_000, interval: 1000 })
      .toMatch(/Harbour Trust: intact \(\d+ rows sealed, 0 awaiting sealing\)/);
    const intact = await runCli(['audit', 'verify'], env);
    expect(intact.code).toBe(0);
    // The head to keep outside the database (the server logs it too).
    const head = /head: (\S+)/.exec(intact.out)?.[1] ?? '';
    expect(head).toMatch(/^[0-9a-f-]{36}:\d+:[0-9a-f]{64}$/);
    expect((await runCli(['audit', 'verify', '--head', head], env)).code).toBe(0);
    // The running server logged a head of this chain as it sealed: ids and a hash, nothing else.
    expect(server.output()).toMatch(new RegExp(`\\[audit\\] chain head ${head.split(':')[0]}:\\d+:[0-9a-f]{64}`));

    const running = await findRunningEmbedded(dataDir);
    const owner = postgres(running?.ownerUrl ?? '', { max: 1, onnotice: () => {} });
    let tampered = 0;
    try {
      // Cutting the newest entry leaves a shorter chain that is valid in itself…
      await owner.begin(async (tx) => {
        await tx`alter table audit_event disable trigger user`;
        await tx`delete from audit_event where id = (select id from audit_event order by seq desc nulls last limit 1)`;
        await tx`alter table audit_event enable trigger user`;
      });
      expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
      // …but it no longer reaches the head recorded before.
      const cut = await runCli(['audit', 'verify', '--head', head], env);
      expect(cut.code).toBe(1);
      expect(cut.out).toMatch(/Harbour Trust: BROKEN at its end: .*removed from the end/);

      // Even the owner must first disable the append-only trigger to rewrite history.
      await owner.begin(async (tx) => {
        await tx`alter table audit_event disable trigger user`;
        const [row] = await tx`update audit_event set type = 'staff.nothing_to_see'
          where id = (select min(id) from audit_event) returning id`;
        tampered = Number(row?.id);
        await tx`alter table audit_event enable trigger user`;
      });
    } finally {
      await owner.end();
    }
    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`Harbour Trust: BROKEN at audit row ${tampered}`);
  });
});
