import { createTestSite, createTestStaff } from '@threshold/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { settleHostMatch } from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, httpCall, kioskScene, visitorInput } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

type Scene = Awaited<ReturnType<typeof kioskScene>>;

/**
 * Signs a visitor in through HTTP, naming `hostName`, and lets the host matching that follows the commit finish;
 * returns the wire body, the sign-in's audit entry and the stored match.
 */
async function signInNaming(scene: Scene, hostName: string) {
  const input = visitorInput(scene, { hostName });
  const res = await httpCall(h, { kioskToken: scene.kiosk.token }, { path: 'visits.signIn', type: 'mutation', input });
  expect(res.status).toBe(200);
  const stored = () =>
    h.db.query.visit.findFirst({
      where: (t, { and, eq }) => and(eq(t.siteId, scene.site.id), eq(t.idempotencyKey, input.idempotencyKey)),
    });
  const signedIn = await stored();
  // Nothing is matched while the kiosk waits for its answer.
  expect(signedIn?.hostStaffId).toBeNull();
  if (signedIn) await settleHostMatch(h, signedIn.id);
  const visit = await stored();
  const audit = (await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in')).find(
    (r) => r.visitId === visit?.id,
  );
  return { body: res.body, hostName: visit?.hostName, hostStaffId: visit?.hostStaffId, audit: audit?.data };
}

/** The structure of a value with its contents replaced by their types. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

/** A visit code and time differ per visit; the rest of the wire answer must not. */
function masked(body: unknown): string {
  return JSON.stringify(body)
    .replace(/"visitCode":"[A-Z0-9]{6}"/, '"visitCode":"XXXXXX"')
    .replace(/"signedInAt":"[^"]+"/, '"signedInAt":"T"');
}

describe('matching the host a visitor types', () => {
  it('stores the member of staff whose name matches, whatever the case and spacing', async () => {
    const scene = await kioskScene(h);
    const dara = await createTestStaff(h.db, {
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      roles: ['escort'],
      name: 'Dara Chan',
    });
    for (const typed of ['Dara Chan', '  dara   CHAN ', 'DARA chan']) {
      const result = await signInNaming(scene, typed);
      expect(result.hostStaffId).toBe(dara.id);
      // What the visitor typed is kept as typed (trimmed), beside the match.
      expect(result.hostName).toBe(typed.trim());
      expect(JSON.stringify(result.audit)).not.toContain(dara.id);
    }
    // The match itself is on the record, written when it was made.
    const matched = await auditRowsOfType(h, scene.organisation.id, 'visit.host_matched');
    expect(matched.map((r) => r.data)).toEqual([{ staffId: dara.id }, { staffId: dara.id }, { staffId: dara.id }]);
  });

  it('matches a name containing the letter “s”', async () => {
    const scene = await kioskScene(h);
    const jess = await createTestStaff(h.db, {
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      roles: ['coordinator'],
      name: 'Jessica Moss',
    });
    expect((await signInNaming(scene, 'Jessica Moss')).hostStaffId).toBe(jess.id);
  });

  it('matches a staff name that was stored with extra spaces', async () => {
    const scene = await kioskScene(h);
    const tom = await createTestStaff(h.db, {
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      roles: ['reception'],
      name: ' Tom  Kelly ',
    });
    expect((await signInNaming(scene, 'Tom Kelly')).hostStaffId).toBe(tom.id);
  });

  it('does not match staff of another site, inactive staff, or a name two people share', async () => {
    const scene = await kioskScene(h);
    const annexe = await createTestSite(h.db, scene.organisation.id, 'Annexe');
    const staff = (name: string, siteId: string, active = true) =>
      createTestStaff(h.db, { organisationId: scene.organisation.id, siteId, roles: ['coordinator'], name, active });
    await staff('Mina Patel', annexe.id);
    await staff('Ravi Kumar', scene.site.id, false);
    await staff('Chris Lee', scene.site.id);
    await staff('Chris Lee', scene.site.id);
    // In the organisation but with no role at any site.
    await createTestStaff(h.db, {
      organisationId: scene.organisation.id,
      siteId: scene.site.id,
      roles: [],
      name: 'Nora Quinn',
    });

    for (const typed of ['Mina Patel', 'Ravi Kumar', 'Chris Lee', 'Nora Quinn', 'Nobody Here']) {
      const result = await signInNaming(scene, typed);
      expect(result.hostStaffId, typed).toBeNull();
      expect(result.hostName).toBe(typed);
    }
  });

  it('does not match staff of another organisation with the same name', async () => {
    const scene = await kioskScene(h);
    const other = await kioskScene(h);
    await createTestStaff(h.db, {
      organisationId: other.organisation.id,
      siteId: other.site.id,
      roles: ['coordinator'],
      name: 'Ola Nordmann',
    });
    expect((await signInNaming(scene, 'Ola Nordmann')).hostStaffId).toBeNull();
  });

  it('answers the kiosk with exactly the same shape whether or not the host matched', async () => {
    const scene = await kioskScene(h);
    const annexe = await createTestSite(h.db, scene.organisation.id, 'Annexe');
    const add = (name: string, siteId = scene.site.id, active = true) =>
      createTestStaff(h.db, { organisationId: scene.organisation.id, siteId, roles: ['escort'], name, active });
    await add('Kim Hale');
    await add('Annexe Person', annexe.id);
    await add('Gone Away', scene.site.id, false);
    await add('Twin Name');
    await add('Twin Name');

    const results = [];
    for (const typed of ['kim  hale', 'Annexe Person', 'Gone Away', 'Twin Name', 'Unknown Person']) {
      results.push(await signInNaming(scene, typed));
    }
    expect(results.map((r) => r.hostStaffId !== null)).toEqual([true, false, false, false, false]);

    const [matched, ...unmatched] = results;
    const body = matched?.body as { result: { data: { json: object } } };
    expect(Object.keys(body.result.data.json).sort()).toEqual([
      'replayed',
      'signatureReference',
      'signedInAt',
      'visitCode',
    ]);
    for (const other of unmatched) {
      expect(shapeOf(other.body)).toEqual(shapeOf(matched?.body));
      expect(masked(other.body)).toBe(masked(matched?.body));
      // The sign-in's own audit entry is written before any match is known: the same for every host typed.
      expect(other.audit).toEqual(matched?.audit);
    }
  });
});
