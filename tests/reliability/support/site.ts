import { createPairingCode, publishDefaultDocuments } from '@threshold/api';
import { createDb } from '@threshold/db';
import { createTestOrganisation } from '@threshold/db/testing';

/**
 * A site ready for kiosks on a database the server was given as DATABASE_URL (which seeds nothing): an
 * organisation, its site and published documents, and one pairing code per kiosk.
 */
export async function prepareSite(ownerUrl: string, kiosks: number, name: string): Promise<string[]> {
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    const { organisation, site } = await createTestOrganisation(owner.db, name);
    // Dated a minute back: the kiosk shows only versions whose publication time the database clock has reached.
    await publishDefaultDocuments(owner.db, {
      organisationId: organisation.id,
      siteId: site.id,
      now: new Date(Date.now() - 60_000),
    });
    return await pairingCodes(owner.db, { organisationId: organisation.id, siteId: site.id }, kiosks);
  } finally {
    await owner.close();
  }
}

/** `count` pairing codes for the first site in the database (the demo site, in the embedded demo). */
export async function pairingCodesForFirstSite(ownerUrl: string, count: number): Promise<string[]> {
  const owner = createDb(ownerUrl, { max: 1 });
  try {
    const [site] = await owner.sql<{ id: string; organisationId: string }[]>`
      select id, organisation_id as "organisationId" from site order by created_at limit 1`;
    if (!site) throw new Error('the database has no site');
    return await pairingCodes(owner.db, { organisationId: site.organisationId, siteId: site.id }, count);
  } finally {
    await owner.close();
  }
}

async function pairingCodes(
  db: ReturnType<typeof createDb>['db'],
  site: { organisationId: string; siteId: string },
  count: number,
): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const { code } = await createPairingCode(db, { ...site, createdByStaffId: null, now: new Date() });
    codes.push(code);
  }
  return codes;
}
