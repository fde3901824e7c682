import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { kioskDevice } from '../schema/kiosk.ts';
import { organisation, site } from '../schema/organisation.ts';

/** Every site with its organisation, time zone and paired (not revoked) kiosks: the CLI's `sites list`. */
export async function listSitesOverview(db: DbOrTx) {
  return db
    .select({
      id: site.id,
      name: site.name,
      timezone: site.timezone,
      organisationName: organisation.name,
      kiosks: count(kioskDevice.id),
    })
    .from(site)
    .innerJoin(organisation, eq(organisation.id, site.organisationId))
    .leftJoin(kioskDevice, and(eq(kioskDevice.siteId, site.id), isNull(kioskDevice.revokedAt)))
    .groupBy(site.id, organisation.name)
    .orderBy(organisation.name, site.name);
}
