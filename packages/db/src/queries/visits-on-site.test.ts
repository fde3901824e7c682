import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { createTestOrganisation, createTestSite } from '../testing/fixtures.ts';
import { insertKioskDevice } from './kiosk.ts';
import { insertVisitOnce, setVisitState } from './visits.ts';
import { listOnSiteVisits } from './visits-on-site.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => app.close());

async function twoSites() {
  const { organisation, site } = await createTestOrganisation(app.db);
  const other = await createTestSite(app.db, organisation.id);
  const signIn = async (siteId: string, name: string, minutesAgo: number) => {
    const { id: kioskDeviceId } = await insertKioskDevice(app.db, {
      organisationId: organisation.id,
      siteId,
      name: `Desk ${name}`,
      tokenHash: randomUUID(),
    });
    const receipt = await insertVisitOnce(app.db, {
      organisationId: organisation.id,
      siteId,
      kioskDeviceId,
      idempotencyKey: randomUUID(),
      visitorName: name,
      visitorOrganisation: `${name}'s employer`,
      category: 'professional',
      purpose: 'Meeting',
      hostName: 'Host',
      hostStaffId: null,
      visitorEmail: null,
      language: 'en',
      state: 'awaiting_escort',
      visitCode: String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
      signedInAt: new Date(Date.now() - minutesAgo * 60_000),
    });
    if (!receipt) throw new Error('sign-in replayed');
    return receipt.id;
  };
  return { site: site.id, other: other.id, signIn };
}

describe('listOnSiteVisits', () => {
  it("lists the given sites' visitors still on site, newest first, with their details decrypted", async () => {
    const { site, other, signIn } = await twoSites();
    const early = await signIn(site, 'Ama Owusu', 30);
    const late = await signIn(site, 'Bea Lind', 10);
    const gone = await signIn(site, 'Cy Gone', 20);
    const elsewhere = await signIn(other, 'Dee Far', 5);
    await setVisitState(app.db, { visitId: gone, state: 'signed_out', signedOutAt: new Date() });

    const board = await listOnSiteVisits(app.db, { siteIds: [site] });
    expect(board.map((v) => [v.id, v.visitorName, v.visitorOrganisation, v.siteId])).toEqual([
      [late, 'Bea Lind', "Bea Lind's employer", site],
      [early, 'Ama Owusu', "Ama Owusu's employer", site],
    ]);
    expect(board[0]).toMatchObject({ state: 'awaiting_escort', escortName: null, openAlerts: [] });
    expect(board[0]?.signedInAt).toBeInstanceOf(Date);

    // Read again (the details now come from the memo) and for both sites in one call.
    const both = await listOnSiteVisits(app.db, { siteIds: [site, other] });
    expect(both.map((v) => v.visitorName)).toEqual(['Dee Far', 'Bea Lind', 'Ama Owusu']);
    expect(both[0]?.id).toBe(elsewhere);
    expect(await listOnSiteVisits(app.db, { siteIds: [other] })).toHaveLength(1);
    expect(await listOnSiteVisits(app.db, { siteIds: [] })).toEqual([]);
  });

  it('runs inside the caller’s transaction, seeing its uncommitted sign-out', async () => {
    const { site, signIn } = await twoSites();
    const id = await signIn(site, 'Eli Tx', 1);
    await app.db
      .transaction(async (tx) => {
        await setVisitState(tx, { visitId: id, state: 'signed_out', signedOutAt: new Date() });
        expect(await listOnSiteVisits(tx, { siteIds: [site] })).toEqual([]);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect((await listOnSiteVisits(app.db, { siteIds: [site] })).map((v) => v.id)).toEqual([id]);
  });
});
