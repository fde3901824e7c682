import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refused } from '../test-support/escort-harness.ts';
import { auditRowsOfType, callerFor, createHarness, errorOf, httpCall } from '../test-support/harness.ts';
import { type PastVisit, type ReportScene, reportScene } from '../test-support/report-visits.ts';

const h = createHarness();
afterAll(() => h.close());

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describe('reports.visits: visits per week by category', () => {
  let scene: ReportScene;
  beforeAll(async () => {
    // New York: EST (UTC−5) until 2031-03-09 02:00, then EDT (UTC−4).
    scene = await reportScene(h, { timezone: 'America/New_York' });
    const visits: [string, 'researcher' | 'donor' | 'contractor'][] = [
      ['2031-03-02T04:30:00Z', 'donor'], // Sat 1 Mar 23:30 EST: before the period
      ['2031-03-03T04:30:00Z', 'researcher'], // Sun 2 Mar 23:30 EST: week of Mon 24 Feb (UTC would say 3 Mar)
      ['2031-03-03T05:30:00Z', 'researcher'], // Mon 3 Mar 00:30 EST
      ['2031-03-10T03:30:00Z', 'contractor'], // Sun 9 Mar 23:30 EDT, after the change: still week of 3 Mar
      ['2031-03-10T04:30:00Z', 'researcher'], // Mon 10 Mar 00:30 EDT: week of 10 Mar (a fixed −5 would say 9 Mar)
      ['2031-03-16T03:59:00Z', 'donor'], // Sat 15 Mar 23:59 EDT: the last day counts whole
      ['2031-03-16T04:00:00Z', 'donor'], // Sun 16 Mar 00:00 EDT: after the period
    ];
    for (const [signedInAt, category] of visits) await scene.record({ signedInAt: at(signedInAt), category });
    // Another site's visits never appear.
    await scene.record({ signedInAt: at('2031-03-05T15:00:00Z'), category: 'sponsor', siteId: scene.otherSite.id });
  });

  it('buckets by the Monday of the site-local week across a DST change, zero weeks included', async () => {
    const report = await scene.people.coordinator
      .as()
      .reports.visits({ siteId: scene.site.id, from: '2031-03-02', to: '2031-03-15' });
    expect(report.timeZone).toBe('America/New_York');
    expect(report.categories).toEqual(['researcher', 'donor', 'contractor']);
    expect(report.weeks).toEqual([
      { weekStart: '2031-02-24', counts: [1, 0, 0], total: 1 },
      { weekStart: '2031-03-03', counts: [1, 0, 1], total: 2 },
      { weekStart: '2031-03-10', counts: [1, 1, 0], total: 2 },
    ]);
    const longer = await scene.people.coordinator
      .as()
      .reports.visits({ siteId: scene.site.id, from: '2031-02-10', to: '2031-03-31' });
    expect(longer.weeks.map((w) => w.total)).toEqual([0, 0, 2, 2, 3, 0, 0, 0]);
    expect(longer.weeks[0]?.weekStart).toBe('2031-02-10');
    expect(longer.weeks.at(-1)?.weekStart).toBe('2031-03-31');
  });

  it('says nothing happened in an empty period (zero weeks, no rate, no median)', async () => {
    const report = await scene.people.coordinator
      .as()
      .reports.visits({ siteId: scene.site.id, from: '2030-01-06', to: '2030-01-12' });
    expect(report.categories).toEqual([]);
    expect(report.weeks).toEqual([
      { weekStart: '2029-12-31', counts: [], total: 0 },
      { weekStart: '2030-01-07', counts: [], total: 0 },
    ]);
    expect(report.compliance).toMatchObject({ visits: 0, measured: 0, compliant: 0, rate: null });
    expect(report.compliance.medianMinutesToConfirm).toBeNull();
  });
});

describe('reports.visits: compliance and median time to escort confirmation', () => {
  let scene: ReportScene;
  const now = at('2031-05-20T12:00:00Z');
  beforeAll(async () => {
    scene = await reportScene(h, { targetMinutes: 15 });
    const { escort, otherEscort } = scene.people;
    const base = at('2031-05-19T09:00:00Z').getTime();
    const confirmed = (minutes: number | null) => [{ staffId: escort.id, confirmedAfterMinutes: minutes }];
    const visit = (hour: number, rest: Omit<PastVisit, 'signedInAt'>) =>
      scene.record({ signedInAt: new Date(base + hour * 60 * MINUTE), ...rest });
    await visit(0, { escorts: confirmed(5) }); // compliant
    await visit(1, { escorts: confirmed(15) }); // compliant: exactly on the target counts
    await visit(2, { escorts: confirmed(20) }); // late
    await visit(3, { signed: false, escorts: confirmed(3) }); // form not signed
    await visit(4, { noPhotography: false, escorts: confirmed(2) }); // an acknowledgement missing
    await visit(5, { escorts: confirmed(null) }); // never confirmed
    await visit(6, {
      // A handover: the first confirmation (4 min) counts, not the second escort's.
      escorts: [
        { staffId: escort.id, confirmedAfterMinutes: 4 },
        { staffId: otherEscort.id, confirmedAfterMinutes: 30 },
      ],
    });
    // Signed in 2 minutes before `now` with no escort yet: not measurable until the target has passed.
    await scene.record({
      signedInAt: new Date(now.getTime() - 2 * MINUTE),
      state: 'awaiting_escort',
      signedOutAt: null,
    });
  });

  it('counts each condition, the visits meeting all three, and the median of first confirmations', async () => {
    const report = await scene.people.coordinator
      .as(now)
      .reports.visits({ siteId: scene.site.id, from: '2031-05-19', to: '2031-05-20' });
    expect(report.targetMinutes).toBe(15);
    expect(report.compliance).toEqual({
      visits: 8,
      pending: 1,
      measured: 7,
      formSigned: 6,
      acknowledged: 6,
      escortInTime: 5,
      compliant: 3,
      confirmed: 6,
      // First confirmations 2, 3, 4, 5, 15, 20 minutes: percentile_cont interpolates between 4 and 5.
      medianMinutesToConfirm: 4.5,
      rate: 3 / 7,
    });
  });

  it('measures the waiting visit once its target has passed', async () => {
    const later = new Date(now.getTime() + 14 * MINUTE);
    const report = await scene.people.coordinator
      .as(later)
      .reports.visits({ siteId: scene.site.id, from: '2031-05-19', to: '2031-05-20' });
    expect(report.compliance).toMatchObject({ pending: 0, measured: 8, compliant: 3, escortInTime: 5 });
  });
});

describe('reports.visits: who may look, and the record of looking', () => {
  let scene: ReportScene;
  const period = () => ({ siteId: scene.site.id, from: '2031-01-01', to: '2031-01-31' });
  beforeAll(async () => {
    scene = await reportScene(h);
    await scene.record({ signedInAt: at('2031-01-15T10:00:00Z'), visitorName: 'Nora Named' });
  });

  it('lets coordinators (and admins who are coordinators) look, and records each look with ids and dates only', async () => {
    const { coordinator, adminCoordinator } = scene.people;
    await coordinator.as().reports.visits(period());
    await adminCoordinator.as().reports.visits(period());
    const rows = await auditRowsOfType(h, scene.organisation.id, 'reports.viewed');
    expect(rows.map((r) => [r.actorType, r.actorId, r.siteId, r.visitId, r.data])).toEqual([
      ['staff', coordinator.id, scene.site.id, null, { report: 'visit_summary', from: '2031-01-01', to: '2031-01-31' }],
      [
        'staff',
        adminCoordinator.id,
        scene.site.id,
        null,
        { report: 'visit_summary', from: '2031-01-01', to: '2031-01-31' },
      ],
    ]);
    expect(JSON.stringify(rows)).not.toContain('Nora');
  });

  it('refuses reception, escorts, admins who are not coordinators, another site’s coordinator and strangers', async () => {
    const before = (await auditRowsOfType(h, scene.organisation.id, 'reports.viewed')).length;
    const { reception, escort, admin, otherCoordinator } = scene.people;
    for (const who of [reception, escort, admin, otherCoordinator]) {
      await refused(who.as().reports.visits(period()), 'FORBIDDEN');
    }
    await refused(callerFor(h).reports.visits(period()), 'UNAUTHORIZED');
    expect(await auditRowsOfType(h, scene.organisation.id, 'reports.viewed')).toHaveLength(before);
  });

  it('explains a bad period next to the field at fault', async () => {
    const ask = async (input: Record<string, unknown>) => {
      const res = await httpCall(
        h,
        { cookie: scene.people.coordinator.cookie },
        { path: 'reports.visits', type: 'query', input: { siteId: scene.site.id, ...input } },
      );
      expect(res.status).toBe(400);
      return errorOf(res).data.fieldErrors.map(({ path, message }) => ({ path, message }));
    };
    expect(await ask({ from: '2031-02-01', to: '2031-01-31' })).toEqual([
      { path: 'to', message: 'The end date must be on or after the start date' },
    ]);
    expect(await ask({ from: '2029-01-01', to: '2031-01-02' })).toEqual([
      {
        path: 'to',
        message: 'A report can cover at most 2 years; choose a later start date or an earlier end date',
      },
    ]);
    expect(await ask({ from: '1 Jan 2031', to: '2031-01-31' })).toEqual([
      { path: 'from', message: 'Enter the start date as YYYY-MM-DD' },
    ]);
    expect(await ask({ from: '2031-02-30', to: '2031-03-01' })).toEqual([
      { path: 'from', message: 'Enter the start date as YYYY-MM-DD' },
    ]);
    // Exactly two years is allowed.
    await scene.people.coordinator.as().reports.visits({ siteId: scene.site.id, from: '2029-01-02', to: '2031-01-02' });
  });
});
