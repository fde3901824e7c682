import { AUDIT_PAGE_SIZE, type AuditBrowseFilters } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Member, refused } from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness } from '../test-support/harness.ts';
import { type ReportScene, reportScene } from '../test-support/report-visits.ts';

const h = createHarness();
afterAll(() => h.close());

const VIEWS = AUDIT_PAGE_SIZE + 7;
let scene: ReportScene;
let visitId = '';
let otherVisitId = '';
const june = () => ({ siteId: scene.site.id, from: '2025-06-01', to: '2025-06-30', reason: 'inspection' as const });

const browse = (who: Member, filters: AuditBrowseFilters, before?: number) =>
  who.as().audit.browse({ siteId: scene.site.id, filters, ...(before ? { before } : {}) });

beforeAll(async () => {
  scene = await reportScene(h);
  visitId = await scene.record({ signedInAt: new Date('2025-06-10T08:05:00Z') });
  otherVisitId = await scene.record({ signedInAt: new Date('2025-06-11T08:05:00Z') });
  const { coordinator, secondCoordinator } = scene.people;
  for (let i = 0; i < VIEWS; i++) await coordinator.as().visitLog.timeline({ siteId: scene.site.id, visitId });
  await secondCoordinator.as().visitLog.timeline({ siteId: scene.site.id, visitId: otherVisitId });
  await secondCoordinator.as().reports.exportStart(june());
});

describe('audit.browse', () => {
  it('pages a visit’s entries newest first, each exactly once, by the last entry’s number', async () => {
    const { coordinator } = scene.people;
    const first = await browse(coordinator, { visitId });
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.next).toBe(first.entries.at(-1)?.id);
    const second = await browse(coordinator, { visitId }, first.next ?? undefined);
    expect(second.next).toBeNull();
    const all = [...first.entries, ...second.entries];
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.filter((e) => e.type === 'visit.viewed')).toHaveLength(VIEWS);
    expect(all.every((e) => e.visitId === visitId)).toBe(true);
    expect(all[0]).toMatchObject({ actorType: 'staff', actorName: 'Cora Coordinator' });
  });

  it('filters by who acted, the kind of event, and the site’s calendar days', async () => {
    const { coordinator, secondCoordinator } = scene.people;
    const byColm = await browse(coordinator, { actorStaffId: secondCoordinator.id });
    expect(byColm.entries.map((e) => e.type)).toEqual(['visits.exported', 'visit.viewed']);
    expect(byColm.entries.every((e) => e.actorName === 'Colm Coordinator')).toBe(true);

    const exports = await browse(coordinator, { type: 'visits.exported' });
    expect(exports.entries).toHaveLength(1);
    expect(exports.entries[0]).toMatchObject({ type: 'visits.exported', data: { reason: 'inspection' } });

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(Date.now() + 86_400_000),
    );
    expect((await browse(coordinator, { type: 'visits.exported', from: today, to: today })).entries).toHaveLength(1);
    expect((await browse(coordinator, { type: 'visits.exported', from: tomorrow })).entries).toHaveLength(0);
    expect((await browse(coordinator, { type: 'visits.exported', to: '2025-06-30' })).entries).toHaveLength(0);
  });

  it('records each viewing (filters and count, ids only), on the visit’s timeline when filtered to one visit', async () => {
    const { adminCoordinator, secondCoordinator } = scene.people;
    const filters = { actorStaffId: secondCoordinator.id, type: 'visit.viewed' as const, visitId: otherVisitId };
    const seen = await browse(adminCoordinator, filters);
    expect(seen.entries).toHaveLength(1);
    const [row] = (await auditRowsOfType(h, scene.organisation.id, 'audit.viewed')).slice(-1);
    expect(row).toMatchObject({
      actorId: adminCoordinator.id,
      visitId: otherVisitId,
      data: { actorStaffId: secondCoordinator.id, eventType: 'visit.viewed', count: 1 },
    });
    // The viewing is itself in the trail, next time it is browsed.
    const again = await browse(adminCoordinator, { type: 'audit.viewed', visitId: otherVisitId });
    expect(again.entries.map((e) => e.actorName)).toEqual(['Ada Admin-Coordinator']);
  });

  it('shows only this site’s entries', async () => {
    const { otherCoordinator } = scene.people;
    await otherCoordinator.as().reports.exportStart({ ...june(), siteId: scene.otherSite.id });
    const here = await browse(scene.people.coordinator, { type: 'visits.exported' });
    expect(here.entries.map((e) => e.actorName)).toEqual(['Colm Coordinator']);
  });

  it('is refused to reception, escorts, and a coordinator of another site; a malformed filter says which', async () => {
    const { reception, escort, otherCoordinator, admin, coordinator } = scene.people;
    for (const who of [reception, escort, otherCoordinator]) await refused(browse(who, {}), 'FORBIDDEN');
    await expect(browse(admin, {})).resolves.toMatchObject({ entries: expect.any(Array) });
    await refused(browse(coordinator, { from: '2025-06-30', to: '2025-06-01' }), 'BAD_REQUEST');
    // Year 0 is an ISO date but not one PostgreSQL knows: refused as a field error, not a 500 (found by the fuzz suite).
    await expect(browse(coordinator, { to: '0000-01-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('between 1900 and 2200'),
    });
    await refused(
      coordinator.as().audit.browse({ siteId: scene.site.id, filters: { type: 'nonsense' as never } }),
      'BAD_REQUEST',
    );
  });
});
