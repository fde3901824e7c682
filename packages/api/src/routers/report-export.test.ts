import { randomUUID } from 'node:crypto';
import { sealedVisit } from '@threshold/db/testing';
import type { ExportCursor } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_SIZE } from '../domain/report-export.ts';
import { type Member, refused } from '../test-support/escort-harness.ts';
import { auditRowsOfType, callerFor, createHarness, errorOf, httpCall } from '../test-support/harness.ts';
import { type ReportScene, reportScene } from '../test-support/report-visits.ts';

const h = createHarness();
afterAll(() => h.close());

const MINUTE = 60_000;
const BULK = 1100;
const HEADER =
  'date,signed_in,signed_out,visitor_name,visitor_organisation,category,state,escorts,' +
  'minutes_to_escort_confirmation,escort_confirmed_within_10_min,form_version,acknowledged,exceptions,alerts,visit_id\r\n';

let scene: ReportScene;
let lateVisit = '';
let brokenVisit = '';
// June 2025 in London (BST, UTC+1).
const june = () => ({ siteId: scene.site.id, from: '2025-06-01', to: '2025-06-30', reason: 'inspection' as const });

beforeAll(async () => {
  scene = await reportScene(h);
  const { escort, otherEscort } = scene.people;
  lateVisit = await scene.record({
    signedInAt: new Date('2025-06-10T08:05:00Z'),
    signedOutAt: new Date('2025-06-10T10:30:00Z'),
    visitorName: '=HYPERLINK("http://evil")',
    visitorOrganisation: 'Quote "Co"',
    category: 'contractor',
    escorts: [
      { staffId: escort.id, confirmedAfterMinutes: 12 },
      { staffId: otherEscort.id, confirmedAfterMinutes: 40 },
    ],
    alerts: ['unescorted'],
  });
  brokenVisit = await scene.record({
    signedInAt: new Date('2025-06-11T13:00:00Z'),
    signedOutAt: null,
    state: 'departure_unconfirmed',
    signed: false,
    noPhotography: false,
    escorts: [{ staffId: escort.id, confirmedAfterMinutes: null }],
  });
  // 00:30 BST on 1 June is inside the period; 23:59 BST on 31 May is not.
  await scene.record({ signedInAt: new Date('2025-05-31T23:30:00Z') });
  await scene.record({ signedInAt: new Date('2025-05-31T22:59:00Z') });
  // Many visits in threes at the same instant, a few microseconds apart otherwise: the keyset must neither skip
  // nor repeat rows that a millisecond-precision cursor could not tell apart.
  const micros = (i: number) => String(Math.floor(i / 3) * 7).padStart(6, '0');
  const { sql } = h.handle;
  const rows = Array.from({ length: BULK }, (_, n) => {
    const i = n + 1;
    const at = `2025-06-15 09:00:00.${micros(i)}Z`;
    return {
      organisation_id: scene.organisation.id,
      site_id: scene.site.id,
      idempotency_key: randomUUID(),
      ...sealedVisit({ name: `Visitor ${i}`, organisation: 'Bulk Ltd' }),
      category: 'volunteer',
      state: 'signed_out',
      visit_code: `B${i}`,
      // Microsecond instants as text: a JS Date would round them to the millisecond.
      signed_in_at: at,
      signed_out_at: at.replace('09:', '10:'),
    };
  });
  await sql`insert into visit ${sql(rows)}`;
});

async function idsInJune(siteId: string) {
  const rows = await h.handle.sql<{ id: string }[]>`
    select id from visit where site_id = ${siteId}
      and signed_in_at >= '2025-05-31T23:00:00Z' and signed_in_at < '2025-06-30T23:00:00Z'`;
  return rows.map((r) => r.id).sort();
}

/** Every page of an export, as the browser fetches them. */
async function allPages(who: Member, exportId: string) {
  const pages: { csv: string; rows: number }[] = [];
  let after: ExportCursor | null = null;
  do {
    const page = await who.as().reports.exportPage({ siteId: scene.site.id, exportId, after });
    pages.push(page);
    after = page.next;
  } while (after);
  return pages;
}

const visitIdOf = (line: string) => /"([0-9a-f-]{36})"$/.exec(line)?.[1] ?? '';

describe('reports.exportStart and reports.exportPage', () => {
  it('records the export once (period as instants, count, reason, export id) and returns the header', async () => {
    const { coordinator } = scene.people;
    const started = await coordinator.as().reports.exportStart(june());
    expect(started).toMatchObject({
      total: (await idsInJune(scene.site.id)).length,
      pageSize: EXPORT_PAGE_SIZE,
      filename: 'visits-2025-06-01-to-2025-06-30.csv',
      header: HEADER,
    });
    expect(started.total).toBe(BULK + 3);
    const audits = await auditRowsOfType(h, scene.organisation.id, 'visits.exported');
    expect(audits.map((a) => [a.actorType, a.actorId, a.siteId, a.visitId, a.data])).toEqual([
      [
        'staff',
        coordinator.id,
        scene.site.id,
        null,
        {
          from: '2025-05-31T23:00:00.000Z',
          to: '2025-06-30T23:00:00.000Z',
          count: BULK + 3,
          via: 'admin',
          exportId: started.exportId,
          reason: 'inspection',
        },
      ],
    ]);
  });

  it('pages cover every visit of the period exactly once, oldest first', async () => {
    const { coordinator } = scene.people;
    const { exportId, total } = await coordinator.as().reports.exportStart(june());
    const pages = await allPages(coordinator, exportId);
    expect(pages.map((p) => p.rows)).toEqual([500, 500, total - 1000]);
    const lines = pages.flatMap((p) => p.csv.split('\r\n').filter(Boolean));
    const ids = lines.map(visitIdOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(await idsInJune(scene.site.id));
    expect(lines[0]).toMatch(/^"2025-06-01","00:30",/);
  });

  it('writes what a coordinator reviews, in site time, with formulas neutralised', async () => {
    const { coordinator } = scene.people;
    const { exportId } = await coordinator.as().reports.exportStart(june());
    const lines = (await allPages(coordinator, exportId)).flatMap((p) => p.csv.split('\r\n'));
    const acknowledged = 'confidentiality_policy v1; disclosure_policy v1';
    expect(lines.find((l) => visitIdOf(l) === lateVisit)).toBe(
      [
        '2025-06-10',
        '09:05',
        '2025-06-10 11:30',
        `'=HYPERLINK(""http://evil"")`,
        'Quote ""Co""',
        'contractor',
        'signed_out',
        'Sok Dara; Priya Raman',
        '12',
        'no',
        '1',
        `${acknowledged}; no_photography_statement v1`,
        // Twelve minutes before the first confirmation: more than the site's five; the late escort shows as "no".
        'Unescorted time',
        'unescorted',
        lateVisit,
      ]
        .map((c) => `"${c}"`)
        .join(','),
    );
    expect(lines.find((l) => visitIdOf(l) === brokenVisit)).toBe(
      [
        '"2025-06-11"',
        '"14:00"',
        '',
        '"Vera Visitor"',
        '"Visiting Ltd"',
        '"researcher"',
        '"departure_unconfirmed"',
        '"Sok Dara (not confirmed)"',
        '',
        '"no"',
        '',
        `"${acknowledged}"`,
        '"No sign-out; Unescorted time; Form not signed; Acknowledgement missing"',
        '',
        `"${brokenVisit}"`,
      ].join(','),
    );
  });

  it('leaves out visits signed in after the export started, so the count and the pages agree', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 24 * 60 * MINUTE).toISOString().slice(0, 10);
    // Yesterday to tomorrow (UTC), so "now" is inside the period in London whatever the hour.
    const period = { siteId: scene.site.id, from: day(-1), to: day(1), reason: 'funder_report' as const };
    const before = await scene.record({ signedInAt: new Date(Date.now() - 1000), signedOutAt: null });
    const { coordinator } = scene.people;
    const { exportId, total } = await coordinator.as().reports.exportStart(period);
    await scene.record({ signedInAt: new Date(Date.now() + 1000), signedOutAt: null });
    const pages = await allPages(coordinator, exportId);
    expect(total).toBe(1);
    expect(pages.flatMap((p) => p.csv.split('\r\n').filter(Boolean)).map(visitIdOf)).toEqual([before]);
  });

  it('serves pages only to whoever started the export, at that site, within the hour', async () => {
    const { coordinator, secondCoordinator, otherCoordinator } = scene.people;
    const { exportId } = await coordinator.as().reports.exportStart(june());
    const page = { siteId: scene.site.id, exportId, after: null };
    await refused(secondCoordinator.as().reports.exportPage(page), 'NOT_FOUND', /started by someone else/);
    await refused(otherCoordinator.as().reports.exportPage(page), 'FORBIDDEN');
    await refused(
      otherCoordinator.as().reports.exportPage({ ...page, siteId: scene.otherSite.id }),
      'NOT_FOUND',
      /expired/,
    );
    await refused(
      coordinator.as().reports.exportPage({ ...page, exportId: crypto.randomUUID() }),
      'NOT_FOUND',
      /expired/,
    );
    const anHourOn = new Date(Date.now() + 61 * MINUTE);
    await refused(coordinator.as(anHourOn).reports.exportPage(page), 'NOT_FOUND', /expired/);
    expect((await coordinator.as().reports.exportPage(page)).rows).toBe(EXPORT_PAGE_SIZE);
  });

  it('lets only coordinators export, records nothing for a refusal, and asks for a reason', async () => {
    const { reception, escort, admin, otherCoordinator, adminCoordinator } = scene.people;
    const before = (await auditRowsOfType(h, scene.organisation.id, 'visits.exported')).length;
    for (const who of [reception, escort, admin, otherCoordinator]) {
      await refused(who.as().reports.exportStart(june()), 'FORBIDDEN');
      await refused(
        who.as().reports.exportPage({ siteId: scene.site.id, exportId: crypto.randomUUID(), after: null }),
        'FORBIDDEN',
      );
    }
    await refused(callerFor(h).reports.exportStart(june()), 'UNAUTHORIZED');
    const { reason: _reason, ...withoutReason } = june();
    const res = await httpCall(
      h,
      { cookie: scene.people.coordinator.cookie },
      { path: 'reports.exportStart', type: 'mutation', input: withoutReason },
    );
    expect(errorOf(res).data.fieldErrors).toMatchObject([{ path: 'reason', message: 'Choose why you are exporting' }]);
    expect(await auditRowsOfType(h, scene.organisation.id, 'visits.exported')).toHaveLength(before);
    await adminCoordinator.as().reports.exportStart(june());
    expect(await auditRowsOfType(h, scene.organisation.id, 'visits.exported')).toHaveLength(before + 1);
  });
});
