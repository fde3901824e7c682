import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';
import { listSiteAuditEvents, type SiteAuditFilters, siteAuditEventsSql } from './audit.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => app.close());

const ROWS = 30_000;
const RARE_EVERY = 6_000;

/** Every node of a JSON plan as "type on table using index". */
function planNodes(node: Record<string, unknown>): string[] {
  const own = [`${node['Node Type']} on ${node['Relation Name'] ?? '-'} using ${node['Index Name'] ?? '-'}`];
  const children = (node.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(planNodes)];
}

describe('the audit browse by kind', () => {
  it('reads a rare kind through (site_id, type, id), not by scanning the trail, and pages it newest first', async () => {
    const { organisation, site } = await createTestOrganisation(app.db);
    // A busy site's trail: sign-ins, with a screening decision now and then.
    await app.db.execute(sql`
      insert into audit_event (organisation_id, site_id, actor_type, type, data)
      select ${organisation.id}, ${site.id}, 'system',
             case when g % ${RARE_EVERY} = 0 then 'screening.decided' else 'visit.signed_in' end, '{}'::jsonb
      from generate_series(1, ${ROWS}) g`);
    await app.db.execute(sql`analyze audit_event`);
    const filters: SiteAuditFilters = {
      organisationId: organisation.id,
      siteId: site.id,
      timeZone: 'Europe/London',
      type: 'screening.decided',
      limit: 50,
    };
    const [explained] = await app.db.execute<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(
      sql`explain (format json) ${siteAuditEventsSql(filters)}`,
    );
    const nodes = planNodes(explained?.['QUERY PLAN'][0].Plan ?? {});
    const onTrail = nodes.filter((n) => n.includes(' on audit_event '));
    expect(onTrail).toEqual(['Index Scan on audit_event using audit_event_site_type_idx']);

    const page = await listSiteAuditEvents(app.db, filters);
    expect(page).toHaveLength(ROWS / RARE_EVERY);
    expect(page.every((e) => e.type === 'screening.decided')).toBe(true);
    const ids = page.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const [first] = page;
    const next = await listSiteAuditEvents(app.db, { ...filters, before: first?.id ?? 0 });
    expect(next.map((e) => e.id)).toEqual(ids.slice(1));
  });
});
