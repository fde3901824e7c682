import { type Db, getSite, listSitesOverview } from '@threshold/db';

/** A failure the operator can fix from its message alone (no usage text, no stack). */
export class CommandError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `sites list`: every site's id, name, time zone and paired kiosks — the ids the other commands take. */
export async function sitesList(db: Db): Promise<string> {
  const sites = await listSitesOverview(db);
  if (sites.length === 0) return 'No sites yet: create-admin --organisation NAME --site-name NAME --time-zone ZONE';
  return [
    ['SITE ID', 'ORGANISATION / SITE', 'TIME ZONE', 'KIOSKS'].join('\t'),
    ...sites.map((s) => [s.id, `${s.organisationName} / ${s.name}`, s.timezone, String(s.kiosks)].join('\t')),
  ].join('\n');
}

/** The site --site names, or the only site when it is not given; otherwise says which ids there are. */
export async function chosenSite(db: Db, given: string | undefined) {
  if (given !== undefined) {
    // A malformed id would reach PostgreSQL as an invalid uuid (22P02): it is simply no site.
    const site = UUID.test(given) ? await getSite(db, { siteId: given }) : null;
    if (!site)
      throw new CommandError(`There is no site with id ${given || '(none given)'}: \`sites list\` shows them.`);
    return site;
  }
  const sites = await listSitesOverview(db);
  const [only] = sites;
  if (!only) throw new CommandError('There is no site yet: create one with create-admin --organisation (see usage).');
  if (sites.length > 1) {
    throw new CommandError(
      `This database holds ${sites.length} sites: give --site with one of\n${sites.map((s) => `  ${s.id}  ${s.organisationName} / ${s.name}`).join('\n')}`,
    );
  }
  const site = await getSite(db, { siteId: only.id });
  if (!site) throw new CommandError(`There is no site with id ${only.id}: it was just removed.`);
  return site;
}
