import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import type { StaffRole } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refused } from '../test-support/escort-harness.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  createStaffWithPassword,
  errorOf,
  httpCall,
  sessionCookie,
  signInStaff,
  testPasswordHash,
} from '../test-support/harness.ts';
import { authPost, CookieJar, enrolDirectly, signInWithTotp } from '../test-support/two-factor.ts';

const h = createHarness();
afterAll(() => h.close());

const SECRET = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BA';

interface Site {
  id: string;
  organisationId: string;
}
let org: string;
let site: Site;
let otherSite: Site;
let admin: { id: string; email: string; cookie: string };

async function member(roles: StaffRole[], at: Site = site) {
  const m = await createStaffWithPassword(h, { organisationId: at.organisationId, siteId: at.id, roles });
  return { ...m, cookie: await sessionCookie(h, m.email) };
}
const as = (cookie: string) => callerFor(h, { cookie });

beforeAll(async () => {
  await testPasswordHash();
  const scene = await createTestOrganisation(h.db, 'Accounts org');
  org = scene.organisation.id;
  site = scene.site;
  otherSite = await createTestSite(h.db, org, 'Accounts annexe');
  admin = await member(['admin']);
});

const auditOf = async (type: string, staffId: string) =>
  (await auditRowsOfType(h, org, type)).filter((r) => (r.data as { staffId?: string }).staffId === staffId);

describe('accounts.list', () => {
  it('shows everyone with a role here, with roles, active and two-factor; not those of other sites', async () => {
    const coordinator = await member(['coordinator', 'escort']);
    await enrolDirectly(h, coordinator.id, SECRET);
    const elsewhere = await member(['coordinator'], otherSite);
    const list = await as(admin.cookie).accounts.list({ siteId: site.id });
    expect(list.requireTwoFactor).toBe(false);
    expect(list.staff.find((s) => s.id === coordinator.id)).toMatchObject({
      email: coordinator.email,
      roles: ['coordinator', 'escort'],
      active: true,
      twoFactorEnabled: true,
    });
    expect(list.staff.some((s) => s.id === elsewhere.id)).toBe(false);
  });

  it('is for admins of the site only', async () => {
    const coordinator = await member(['coordinator']);
    await refused(as(coordinator.cookie).accounts.list({ siteId: site.id }), 'FORBIDDEN');
    await refused(as(admin.cookie).accounts.list({ siteId: otherSite.id }), 'FORBIDDEN');
  });
});

describe('accounts.create', () => {
  it('creates an account with roles here and a one-time password that signs in, to be replaced; audited', async () => {
    const created = await as(admin.cookie).accounts.create({
      siteId: site.id,
      name: '  Nia Newcomer ',
      email: ' Nia.Newcomer@Example.org ',
      roles: ['reception', 'escort'],
    });
    expect(created.email).toBe('nia.newcomer@example.org');
    expect(created.password.length).toBeGreaterThanOrEqual(20);
    const jar = new CookieJar();
    const signIn = await authPost(h, jar, '/sign-in/email', { email: created.email, password: created.password });
    expect(signIn.status).toBe(200);
    // The admin saw that password: nothing works until its owner replaces it.
    const first = await httpCall(h, { cookie: jar.header() }, { path: 'staff.me', type: 'query', input: undefined });
    expect(errorOf(first).data).toMatchObject({ reason: 'password_change_required' });
    const own = 'a password only Nia knows';
    expect(
      (await authPost(h, jar, '/change-password', { currentPassword: created.password, newPassword: own })).status,
    ).toBe(200);
    const me = await as(jar.session() ?? '').staff.me();
    expect(me).toMatchObject({ id: created.staffId, name: 'Nia Newcomer' });
    expect(me.roles.map((r) => r.role).sort()).toEqual(['escort', 'reception']);

    const [row] = await auditOf('staff.created', created.staffId);
    expect(row).toMatchObject({ actorType: 'staff', actorId: admin.id, siteId: site.id });
    expect(row?.data).toEqual({ staffId: created.staffId, roles: ['reception', 'escort'] });
    expect(JSON.stringify(row?.data)).not.toContain('Nia');
  });

  it('refuses an email that already has an account, and bad input with the field and reason', async () => {
    const existing = await member(['escort']);
    await refused(
      as(admin.cookie).accounts.create({ siteId: site.id, name: 'Twin', email: existing.email, roles: ['escort'] }),
      'CONFLICT',
      /already has an account/,
    );
    const res = await httpCall(
      h,
      { cookie: admin.cookie },
      { path: 'accounts.create', type: 'mutation', input: { siteId: site.id, name: 'X', email: 'nope', roles: [] } },
    );
    expect(res.status).toBe(400);
    const paths = errorOf(res).data.fieldErrors.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'roles']));
  });
});

describe('accounts.setRoles', () => {
  it('replaces roles here (next request sees them) and audits what was added and removed', async () => {
    const m = await member(['escort']);
    await as(admin.cookie).accounts.setRoles({ siteId: site.id, staffId: m.id, roles: ['coordinator', 'reception'] });
    const me = await as(m.cookie).staff.me();
    expect(me.roles.map((r) => r.role).sort()).toEqual(['coordinator', 'reception']);
    const [row] = await auditOf('staff.roles_changed', m.id);
    expect(row?.data).toEqual({ staffId: m.id, added: ['coordinator', 'reception'], removed: ['escort'] });
    expect(row?.actorId).toBe(admin.id);
  });

  it('writes nothing when nothing changes', async () => {
    const m = await member(['escort']);
    expect(await as(admin.cookie).accounts.setRoles({ siteId: site.id, staffId: m.id, roles: ['escort'] })).toEqual({
      changed: false,
    });
    expect(await auditOf('staff.roles_changed', m.id)).toEqual([]);
  });

  it('will not let an admin remove their own last admin role, but allows it when they are admin elsewhere', async () => {
    const solo = await member(['admin', 'coordinator']);
    await refused(
      as(solo.cookie).accounts.setRoles({ siteId: site.id, staffId: solo.id, roles: ['coordinator'] }),
      'BAD_REQUEST',
      /cannot remove your own admin role/,
    );
    const twoSites = await member(['admin', 'coordinator']);
    await h.handle
      .sql`insert into staff_role (staff_id, site_id, role) values (${twoSites.id}, ${otherSite.id}, 'admin')`;
    await as(twoSites.cookie).accounts.setRoles({ siteId: site.id, staffId: twoSites.id, roles: ['coordinator'] });
    expect(await auditOf('staff.roles_changed', twoSites.id)).toHaveLength(1);
  });

  it('does not reach someone who works only at another site', async () => {
    const elsewhere = await member(['escort'], otherSite);
    await refused(
      as(admin.cookie).accounts.setRoles({ siteId: site.id, staffId: elsewhere.id, roles: ['escort'] }),
      'NOT_FOUND',
    );
  });
});

describe('deactivate and reactivate', () => {
  it('an admin cannot deactivate themselves', async () => {
    await refused(
      as(admin.cookie).staff.deactivate({ siteId: site.id, staffId: admin.id }),
      'BAD_REQUEST',
      /cannot deactivate yourself/,
    );
  });

  it('reactivation is audited and refused for an active account', async () => {
    const m = await member(['reception']);
    await as(admin.cookie).staff.deactivate({ siteId: site.id, staffId: m.id });
    expect((await as(admin.cookie).accounts.list({ siteId: site.id })).staff.find((s) => s.id === m.id)?.active).toBe(
      false,
    );
    await as(admin.cookie).accounts.reactivate({ siteId: site.id, staffId: m.id });
    const [row] = await auditOf('staff.reactivated', m.id);
    expect(row).toMatchObject({ actorId: admin.id, data: { staffId: m.id } });
    await refused(as(admin.cookie).accounts.reactivate({ siteId: site.id, staffId: m.id }), 'CONFLICT');
  });
});

describe('accounts.resetTwoFactor (a lost phone)', () => {
  it('removes the enrolment, ends their sessions and audits it; sign-in no longer asks for a code', async () => {
    const m = await member(['coordinator']);
    await enrolDirectly(h, m.id, SECRET);
    const cookie = await signInWithTotp(h, m.email, SECRET);
    await as(admin.cookie).accounts.resetTwoFactor({ siteId: site.id, staffId: m.id });

    await refused(as(cookie).staff.me(), 'UNAUTHORIZED');
    expect(await h.handle.sql`select 1 from auth_two_factor where user_id = ${m.id}`).toHaveLength(0);
    const [row] = await auditOf('staff.two_factor_reset', m.id);
    expect(row).toMatchObject({ actorId: admin.id, data: { staffId: m.id } });
    expect((await signInStaff(h, m.email)).cookie).not.toBeNull();
  });

  it('refuses someone not enrolled, and the admin themselves', async () => {
    const m = await member(['coordinator']);
    await refused(as(admin.cookie).accounts.resetTwoFactor({ siteId: site.id, staffId: m.id }), 'CONFLICT');
    await refused(as(admin.cookie).accounts.resetTwoFactor({ siteId: site.id, staffId: admin.id }), 'BAD_REQUEST');
  });
});

describe('accounts.setRequireTwoFactor', () => {
  it('needs the admin to have enrolled first; then requires coordinators to enrol; audited both ways', async () => {
    const scene = await createTestOrganisation(h.db, 'Switching org');
    const boss = await member(['admin'], scene.site);
    await refused(
      as(boss.cookie).accounts.setRequireTwoFactor({ siteId: scene.site.id, required: true }),
      'BAD_REQUEST',
      /Set up two-factor sign-in for yourself first/,
    );
    await enrolDirectly(h, boss.id, SECRET);
    const coordinator = await member(['coordinator'], scene.site);
    await as(boss.cookie).accounts.setRequireTwoFactor({ siteId: scene.site.id, required: true });
    await refused(as(coordinator.cookie).staff.me(), 'UNAUTHORIZED', /requires two-factor sign-in/);
    expect((await as(boss.cookie).accounts.list({ siteId: scene.site.id })).requireTwoFactor).toBe(true);

    await as(boss.cookie).accounts.setRequireTwoFactor({ siteId: scene.site.id, required: false });
    expect((await as(coordinator.cookie).staff.me()).id).toBe(coordinator.id);
    const rows = await auditRowsOfType(h, scene.organisation.id, 'organisation.two_factor_requirement_set');
    expect(rows.map((r) => r.data)).toEqual([{ required: true }, { required: false }]);
    expect(rows.every((r) => r.actorId === boss.id && r.siteId === scene.site.id)).toBe(true);
  });
});
