import { createDb, type LiveListener } from '@threshold/db';
import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import type { StaffRole } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContextFactory } from '../context.ts';
import { grantRoleFromServer } from '../domain/server-grants.ts';
import { drainAfterCommit, notifyHandler } from '../jobs/after-commit.ts';
import { listenForLiveEvents } from '../live/listener.ts';
import { renderOutboxMessage } from '../mail/templates.ts';
import { appRouter } from '../root.ts';
import { EVERY_DUE_ROW } from '../test-support/drain.ts';
import { refused } from '../test-support/escort-harness.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  createStaffWithPassword,
  sessionCookie,
  testPasswordHash,
} from '../test-support/harness.ts';
import { nextWithin } from '../test-support/live-iterator.ts';
import { createCallerFactory } from '../trpc.ts';

const h = createHarness();
const listenHandle = createDb(inject('databaseUrl'), { max: 1 });
let live: LiveListener;

interface Site {
  id: string;
  organisationId: string;
}
let org: string;
let site: Site;
let annexe: Site;
let admin: { id: string; email: string; cookie: string };
// Coordinators at the site and at another site of the organisation, and one at another organisation.
let coordinators: { id: string; email: string; cookie: string }[];
let outsider: { email: string };

async function member(roles: StaffRole[], at: Site = site, name = 'Test Staff') {
  const m = await createStaffWithPassword(h, { organisationId: at.organisationId, siteId: at.id, roles, name });
  return { ...m, cookie: await sessionCookie(h, m.email) };
}
const as = (cookie: string) => callerFor(h, { cookie });

beforeAll(async () => {
  live = await listenForLiveEvents(listenHandle.sql);
  await testPasswordHash();
  const scene = await createTestOrganisation(h.db, 'Riverside Trust');
  org = scene.organisation.id;
  site = scene.site;
  annexe = await createTestSite(h.db, org, 'Riverside annexe');
  admin = await member(['admin'], site, 'Sam Taylor');
  coordinators = [await member(['coordinator'], site, 'Cora Desk'), await member(['coordinator'], annexe, 'Ann Exe')];
  const other = await createTestOrganisation(h.db, 'Elsewhere');
  outsider = await member(['coordinator'], other.site);
});
afterAll(async () => {
  await live.close();
  await listenHandle.close();
  await h.close();
});

/** Visit-access emails about one member of staff (matched on the payload's staffId). */
async function accessEmails(staffId: string) {
  const rows = await h.db.query.outboxMessage.findMany({
    where: (t, { and, eq }) => and(eq(t.organisationId, org), eq(t.template, 'visit_access_granted')),
  });
  return rows.filter((r) => (r.payload as { staffId?: string }).staffId === staffId);
}

/** The first of those emails as it would be sent. */
async function rendered(emails: Awaited<ReturnType<typeof accessEmails>>) {
  const [row] = emails;
  if (!row?.toAddress) throw new Error('expected a queued email with an address');
  return renderOutboxMessage(h.db, { ...row, toAddress: row.toAddress });
}

const accessAlerts = (staffId: string) =>
  h.db.query.alert.findMany({
    where: (t, { and, eq }) => and(eq(t.staffId, staffId), eq(t.kind, 'visit_access_granted')),
  });

/** Subscribes to the site's live events as a coordinator; `next()` fails after 5 s of silence. */
async function liveFeed(cookie: string, siteId: string) {
  const leave = new AbortController();
  const context = createContextFactory({ db: h.db, auth: h.auth, live })({
    req: new Request('http://localhost/trpc', { headers: new Headers({ cookie }) }),
  });
  const caller = createCallerFactory(appRouter)(context, { signal: leave.signal });
  const iterator = (await caller.live.site({ siteId }))[Symbol.asyncIterator]();
  return { next: nextWithin(iterator), leave: () => leave.abort() };
}

describe('an admin giving themselves a role that reads visits', () => {
  it.each([['coordinator'], ['reception']] as const)('is refused for %s, and nothing is changed', async (role) => {
    const me = await member(['admin']);
    await refused(
      as(me.cookie).accounts.setRoles({ siteId: site.id, staffId: me.id, roles: ['admin', role] }),
      'FORBIDDEN',
      /^You cannot give yourself access to visit records\. Ask another admin, or your coordinator\.$/,
    );
    const list = await as(admin.cookie).accounts.list({ siteId: site.id });
    expect(list.staff.find((s) => s.id === me.id)?.roles).toEqual(['admin']);
    expect(await accessAlerts(me.id)).toEqual([]);
    expect(await accessEmails(me.id)).toEqual([]);
    const changes = await auditRowsOfType(h, org, 'staff.roles_changed');
    expect(changes.filter((r) => (r.data as { staffId: string }).staffId === me.id)).toEqual([]);
  });

  it('may still give themselves the escort role, which sees only the visitors assigned to them', async () => {
    const me = await member(['admin']);
    await as(me.cookie).accounts.setRoles({ siteId: site.id, staffId: me.id, roles: ['admin', 'escort'] });
    expect(await accessAlerts(me.id)).toEqual([]);
  });
});

describe('giving someone else a role that reads visits', () => {
  it('alerts the desk live and emails every coordinator of the organisation, with the change', async () => {
    const dara = await member(['escort'], site, 'Dara Kim');
    const feed = await liveFeed(coordinators[0]?.cookie ?? '', site.id);
    expect((await feed.next()).value).toEqual({ type: 'resync' });

    await as(admin.cookie).accounts.setRoles({ siteId: site.id, staffId: dara.id, roles: ['coordinator', 'escort'] });
    // The live event follows the commit through the job outbox (live/publish.ts), as the server's worker drains it.
    const failures: unknown[] = [];
    await drainAfterCommit(h.db, {
      handlers: notifyHandler,
      limit: EVERY_DUE_ROW,
      onError: (_, err) => failures.push(err),
    });
    expect(failures).toEqual([]);

    const [alert] = await accessAlerts(dara.id);
    expect(alert).toMatchObject({ siteId: site.id, visitId: null, acknowledgedAt: null });
    expect((await feed.next()).value).toEqual({
      type: 'alert',
      organisationId: org,
      siteId: site.id,
      alertId: alert?.id,
    });
    feed.leave();

    const open = await as(coordinators[0]?.cookie ?? '').alerts.open({ siteId: site.id });
    expect(open.find((a) => a.id === alert?.id)).toMatchObject({ kind: 'visit_access_granted', staffName: 'Dara Kim' });

    const emails = await accessEmails(dara.id);
    expect(emails.map((e) => e.toAddress).sort()).toEqual(coordinators.map((c) => c.email).sort());
    expect(emails.map((e) => e.toAddress)).not.toContain(outsider.email);
    const mail = await rendered(emails);
    const at = new Date((emails[0]?.payload as { at: string } | undefined)?.at ?? 'missing');
    const clock = at.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
    expect(mail?.text).toContain(
      `Dara K. was given coordinator access at Riverside Trust site by Sam T. at ${clock} on `,
    );
    expect(mail?.text).toContain('If you did not expect this');
    expect(mail?.text).not.toContain('Kim');

    const raised = await auditRowsOfType(h, org, 'alert.raised');
    expect(raised.find((r) => (r.data as { alertId: string }).alertId === alert?.id)).toMatchObject({
      actorType: 'staff',
      actorId: admin.id,
    });

    // One transaction wrote the role, its audit rows, the alert and the emails: PostgreSQL stamps each row with the
    // id of the transaction that wrote it (xmin).
    const writers = await h.handle.sql<{ what: string; xmin: string }[]>`
      select 'role' as what, xmin::text from staff_role where staff_id = ${dara.id} and role = 'coordinator'
      union all select 'alert', xmin::text from alert where id = ${alert?.id ?? null}
      union all select 'email', xmin::text from outbox_message where payload->>'staffId' = ${dara.id}
      union all select 'audit', xmin::text from audit_event
        where data->>'staffId' = ${dara.id} and type = 'staff.roles_changed' or data->>'alertId' = ${alert?.id ?? null}`;
    expect(new Set(writers.map((w) => w.what))).toEqual(new Set(['role', 'alert', 'email', 'audit']));
    expect(new Set(writers.map((w) => w.xmin)).size).toBe(1);
  });

  it('does the same for a new account created with the reception role', async () => {
    const created = await as(admin.cookie).accounts.create({
      siteId: site.id,
      name: 'Rita Front',
      email: `rita-${crypto.randomUUID()}@example.org`,
      roles: ['reception'],
    });
    expect(await accessAlerts(created.staffId)).toHaveLength(1);
    const to = (await accessEmails(created.staffId)).map((e) => e.toAddress);
    expect(to).toEqual(expect.arrayContaining(coordinators.map((c) => c.email)));
    expect(to).not.toContain(created.email);

    // A coordinator who has checked closes it with a note, like any other alert.
    const [alert] = await accessAlerts(created.staffId);
    const desk = as(coordinators[0]?.cookie ?? '');
    await desk.alerts.acknowledge({ siteId: site.id, alertId: alert?.id ?? '', note: 'New receptionist, expected' });
    expect((await desk.alerts.open({ siteId: site.id })).some((a) => a.id === alert?.id)).toBe(false);
  });

  it('raises nothing for roles that do not read visits, or a role already held', async () => {
    const e = await member(['coordinator'], site, 'Eve Held');
    await as(admin.cookie).accounts.setRoles({ siteId: site.id, staffId: e.id, roles: ['coordinator', 'escort'] });
    expect(await accessAlerts(e.id)).toEqual([]);
    expect(await accessEmails(e.id)).toEqual([]);
  });
});

describe('the server command line (grant-role)', () => {
  it('may give an admin coordinator access to themselves, and coordinators are still alerted', async () => {
    const first = await member(['admin'], site, 'Olu Ops');
    const granted = await grantRoleFromServer(h.db, { email: first.email, siteId: site.id, role: 'coordinator' });
    expect(granted).toMatchObject({ staffId: first.id, role: 'coordinator', changed: true });
    const list = await as(admin.cookie).accounts.list({ siteId: site.id });
    expect(list.staff.find((s) => s.id === first.id)?.roles).toEqual(['admin', 'coordinator']);
    expect(await accessAlerts(first.id)).toHaveLength(1);
    const emails = await accessEmails(first.id);
    // Every coordinator of the organisation (more by now, as earlier tests gave the role), never the person given it.
    expect(emails.map((e) => e.toAddress)).toEqual(expect.arrayContaining(coordinators.map((c) => c.email)));
    expect(emails.map((e) => e.toAddress)).not.toContain(first.email);
    const mail = await rendered(emails);
    expect(mail?.text).toContain('Olu O. was given coordinator access at Riverside Trust site through the server’s');
    const changes = await auditRowsOfType(h, org, 'staff.roles_changed');
    expect(changes.find((r) => (r.data as { staffId: string }).staffId === first.id)).toMatchObject({
      actorType: 'system',
      data: { staffId: first.id, added: ['coordinator'], removed: [] },
    });

    const again = await grantRoleFromServer(h.db, { email: first.email, siteId: site.id, role: 'coordinator' });
    expect(again.changed).toBe(false);
    expect(await accessAlerts(first.id)).toHaveLength(1);
  });

  it('refuses an unknown role, site or someone of another organisation', async () => {
    await expect(grantRoleFromServer(h.db, { email: admin.email, siteId: site.id, role: 'boss' })).rejects.toThrow(
      /^Give one of admin, coordinator, reception, escort$/,
    );
    await expect(
      grantRoleFromServer(h.db, { email: outsider.email, siteId: site.id, role: 'coordinator' }),
    ).rejects.toThrow(/No account with that email belongs/);
  });
});
