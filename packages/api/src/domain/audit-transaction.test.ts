import { randomBytes } from 'node:crypto';
import { createDb, pgErrorOf } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';
import { signInInput } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  auditRowsOfType,
  callerFor,
  countsFor,
  createHarness,
  errorOf,
  type Harness,
  httpCall,
  kioskScene,
  visitorInput,
} from '../test-support/harness.ts';
import { createPairingCode } from './kiosk-pairing.ts';
import { signInVisitor } from './sign-in.ts';

// To make the audit insert fail without touching the shared application role (other test files run in
// parallel against the same database), this file connects as its own role: the application role's
// privileges minus INSERT on audit_event. The role is dropped at the end.
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
const role = `threshold_noaudit_${randomBytes(4).toString('hex')}`;
const password = randomBytes(16).toString('hex'); // hex: safe inside a quoted literal
const h = createHarness();
let restricted: Harness;

beforeAll(async () => {
  const r = owner.sql(role);
  await owner.sql`create role ${r} login password ${owner.sql.unsafe(`'${password}'`)}`;
  await owner.sql`grant usage on schema public to ${r}`;
  await owner.sql`grant select, insert, update, delete on all tables in schema public to ${r}`;
  await owner.sql`grant usage, select on all sequences in schema public to ${r}`;
  await owner.sql`revoke insert, update, delete, truncate on audit_event from ${r}`;
  const url = new URL(inject('databaseUrl'));
  url.username = role;
  url.password = password;
  restricted = createHarness({ url: url.toString(), max: 2 });
});

afterAll(async () => {
  try {
    await restricted?.close();
    await h.close();
  } finally {
    await owner.sql`drop owned by ${owner.sql(role)}`;
    await owner.sql`drop role ${owner.sql(role)}`;
    await owner.close();
  }
});

function expectAuditDenied(err: unknown) {
  const pg = pgErrorOf(err) as { code: string; message?: string } | null;
  expect(pg?.code).toBe('42501');
  expect(pg?.message).toContain('audit_event');
}

describe('when the audit event cannot be written', () => {
  it('the restricted role can do everything else (so failures below are the audit insert)', async () => {
    const { organisation } = await createTestOrganisation(restricted.db);
    expect(organisation.id).toEqual(expect.any(String));
  });

  it('visits.signIn writes no visit, and the journey can be retried later', async () => {
    const scene = await kioskScene(h);
    const { organisation, kiosk } = scene;
    const input = visitorInput(scene, { email: 'copy@example.org' });

    const err = await callerFor(restricted, { kioskToken: kiosk.token })
      .visits.signIn(input)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expectAuditDenied(err);
    expect(await countsFor(h, organisation.id)).toMatchObject({
      visits: 0,
      signatures: 0,
      acknowledgements: 0,
      outbox: 0,
    });

    // The rolled-back attempt did not burn the idempotency key: the retry is a first sign-in.
    const retry = await callerFor(h, { kioskToken: kiosk.token }).visits.signIn(input);
    expect(retry.replayed).toBe(false);
    expect(await countsFor(h, organisation.id)).toMatchObject({
      visits: 1,
      signatures: 1,
      acknowledgements: 3,
      outbox: 1,
    });
    expect(await auditRowsOfType(h, organisation.id, 'visit.signed_in')).toHaveLength(1);
  });

  it('signInVisitor called directly rolls the visit back too', async () => {
    const scene = await kioskScene(h);
    const { organisation, site, kiosk } = scene;
    const device = {
      id: kiosk.deviceId,
      name: 'Test kiosk',
      siteId: site.id,
      organisationId: organisation.id,
      pairedAt: new Date(0),
    };
    const input = signInInput.parse(visitorInput(scene, { email: 'copy@example.org' }));
    const err = await signInVisitor(restricted.db, device, input).then(
      () => null,
      (e: unknown) => e,
    );
    expectAuditDenied(err);
    expect(await countsFor(h, organisation.id)).toMatchObject({
      visits: 0,
      signatures: 0,
      acknowledgements: 0,
      outbox: 0,
    });
  });

  it('visits.signOut leaves the visitor on site', async () => {
    const scene = await kioskScene(h);
    const { organisation, kiosk, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));

    const err = await callerFor(restricted, { kioskToken: kiosk.token })
      .visits.signOut({ visitCode })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expectAuditDenied(err);
    const [row] = await h.handle.sql<{ state: string; signed_out_at: Date | null }[]>`
      select state, signed_out_at from visit where organisation_id = ${organisation.id}`;
    expect(row).toEqual({ state: 'awaiting_escort', signed_out_at: null });
    expect(await auditRowsOfType(h, organisation.id, 'visit.signed_out')).toHaveLength(0);

    await expect(caller.visits.signOut({ visitCode })).resolves.toEqual({ signedOut: true });
  });

  it('kiosk.pair creates no device and leaves the code usable', async () => {
    const { organisation, site } = await createTestOrganisation(h.db);
    const { code } = await createPairingCode(h.db, {
      siteId: site.id,
      organisationId: organisation.id,
      createdByStaffId: null,
      now: new Date(),
    });

    const err = await callerFor(restricted)
      .kiosk.pair({ code })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expectAuditDenied(err);
    const devices = await h.db.query.kioskDevice.findMany({ where: (t, { eq }) => eq(t.siteId, site.id) });
    expect(devices).toHaveLength(0);

    await expect(callerFor(h).kiosk.pair({ code })).resolves.toMatchObject({ deviceId: expect.any(String) });
  });

  it('the HTTP answer is the generic internal error and says nothing about the audit table', async () => {
    const scene = await kioskScene(h);
    const res = await httpCall(
      restricted,
      { kioskToken: scene.kiosk.token },
      {
        path: 'visits.signIn',
        type: 'mutation',
        input: visitorInput(scene, { fullName: 'Visible Name', email: 'visible@example.org' }),
      },
    );
    expect(res.status).toBe(500);
    expect(errorOf(res).message).toBe('Something went wrong on our side. Please try again in a moment.');
    expect(res.text).not.toContain('audit_event');
    expect(res.text).not.toContain('permission');
    expect(res.text).not.toContain('Visible Name');
    expect(res.text).not.toContain('visible@example.org');
    expect(res.text).not.toMatch(/stack/i);
  });
});
