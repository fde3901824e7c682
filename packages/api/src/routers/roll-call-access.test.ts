import { createTestSite } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EscortScene,
  escortScene,
  type Member,
  makeEligibleEscort,
  member,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { createHarness, errorOf, httpCall, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let otherSite: string;
let reception: Member;
let escort: Member;
let admin: Member;
let otherCoordinator: Member;
let rollCallId: string;
let entryId: string;
let otherRollCallId: string;
let otherEntryId: string;

/** Everything a refused call might have written: roll calls, their entries and marks, and the audit trail. */
async function snapshot() {
  const org = scene.organisation.id;
  return h.handle.sql`
    select (select count(*)::int from audit_event where organisation_id = ${org}) as audit,
           (select json_agg(r order by r.id) from roll_call r where r.organisation_id = ${org}) as roll_calls,
           (select json_agg(e order by e.id) from roll_call_entry e join roll_call r on r.id = e.roll_call_id
             where r.organisation_id = ${org}) as entries`;
}

async function refusedWritingNothing(call: () => Promise<unknown>, code: 'FORBIDDEN' | 'NOT_FOUND') {
  const before = await snapshot();
  await refused(call(), code);
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  site = scene.site.id;
  const annexe = await createTestSite(h.db, scene.organisation.id, 'Annexe');
  otherSite = annexe.id;
  [reception, admin, otherCoordinator] = await Promise.all([
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Ada Admin'),
    member(h, annexe, ['coordinator'], 'Oscar Other'),
  ]);
  escort = await makeEligibleEscort(h, scene, { name: 'Eli Escort' });
  await signInVisitor(h, scene, { hostName: 'Eli Escort' });
  // The annexe has its own roll call, of a member of staff on duty there.
  const annexeEscort = await member(h, annexe, ['escort'], 'Annie Annexe');
  await annexeEscort.as().staff.setDuty({ siteId: otherSite, onDuty: true });
  ({ rollCallId: otherRollCallId } = await otherCoordinator.as().rollCall.start({ siteId: otherSite }));
  otherEntryId = (await otherCoordinator.as().rollCall.current({ siteId: otherSite }))?.staff[0]?.entryId ?? '';
  ({ rollCallId } = await reception.as().rollCall.start({ siteId: site }));
  entryId = (await reception.as().rollCall.current({ siteId: site }))?.visitors[0]?.entryId ?? '';
  expect(otherEntryId).not.toBe('');
  expect(entryId).not.toBe('');
});

describe('who may run a roll call', () => {
  it('refuses escorts and admins everything, and reception the history', async () => {
    for (const who of [escort, admin]) {
      const as = who.as();
      await refusedWritingNothing(() => as.rollCall.start({ siteId: site }), 'FORBIDDEN');
      await refusedWritingNothing(() => as.rollCall.current({ siteId: site }), 'FORBIDDEN');
      await refusedWritingNothing(() => as.rollCall.mark({ siteId: site, entryId, accounted: true }), 'FORBIDDEN');
      await refusedWritingNothing(() => as.rollCall.addArrivals({ siteId: site, rollCallId }), 'FORBIDDEN');
      await refusedWritingNothing(() => as.rollCall.close({ siteId: site, rollCallId }), 'FORBIDDEN');
      await refusedWritingNothing(() => as.rollCall.history({ siteId: site }), 'FORBIDDEN');
      await refusedWritingNothing(() => as.rollCall.get({ siteId: site, rollCallId }), 'FORBIDDEN');
    }
    await refusedWritingNothing(() => reception.as().rollCall.history({ siteId: site }), 'FORBIDDEN');
    await refusedWritingNothing(() => reception.as().rollCall.get({ siteId: site, rollCallId }), 'FORBIDDEN');
  });

  it("gives another site's coordinator nothing of this site's roll call, by either site", async () => {
    const as = otherCoordinator.as();
    await refusedWritingNothing(() => as.rollCall.current({ siteId: site }), 'FORBIDDEN');
    await refusedWritingNothing(() => as.rollCall.get({ siteId: site, rollCallId }), 'FORBIDDEN');
    // Through their own site, this site's roll call and its people do not exist.
    await refusedWritingNothing(() => as.rollCall.get({ siteId: otherSite, rollCallId }), 'NOT_FOUND');
    await refusedWritingNothing(() => as.rollCall.close({ siteId: otherSite, rollCallId }), 'NOT_FOUND');
    await refusedWritingNothing(() => as.rollCall.addArrivals({ siteId: otherSite, rollCallId }), 'NOT_FOUND');
    await refusedWritingNothing(() => as.rollCall.mark({ siteId: otherSite, entryId, accounted: true }), 'NOT_FOUND');
    const theirs = await as.rollCall.current({ siteId: otherSite });
    expect(theirs?.id).toBe(otherRollCallId);
    expect(JSON.stringify(theirs)).not.toMatch(/Grace|Eli Escort/);
  });

  it("does not let this site's desk reach the other site's roll call through this site", async () => {
    const as = scene.coordinator.as();
    await refusedWritingNothing(
      () => as.rollCall.mark({ siteId: site, entryId: otherEntryId, accounted: true }),
      'NOT_FOUND',
    );
    await refusedWritingNothing(() => as.rollCall.get({ siteId: site, rollCallId: otherRollCallId }), 'NOT_FOUND');
    await refusedWritingNothing(() => as.rollCall.close({ siteId: site, rollCallId: otherRollCallId }), 'NOT_FOUND');
  });

  it('refuses anonymous callers', async () => {
    const res = await httpCall(h, {}, { path: 'rollCall.start', type: 'mutation', input: { siteId: site } });
    expect(errorOf(res).data.code).toBe('UNAUTHORIZED');
  });
});

describe('bad input', () => {
  it('names the field and says what is wrong', async () => {
    const res = await httpCall(
      h,
      { cookie: reception.cookie },
      { path: 'rollCall.mark', type: 'mutation', input: { siteId: site, entryId: 'not-an-id', accounted: 'yes' } },
    );
    const error = errorOf(res);
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.fieldErrors).toMatchObject([
      { path: 'entryId', message: 'Choose a person on the roll call' },
      { path: 'accounted', message: 'Say whether they are accounted for' },
    ]);
  });
});
