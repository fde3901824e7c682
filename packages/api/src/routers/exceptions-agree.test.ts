import type { LogExceptionKind as DbExceptionKind } from '@threshold/db';
import { type LogExceptionKind, logExceptionKinds, logExceptionLabels } from '@threshold/validators';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createHarness } from '../test-support/harness.ts';
import { type ReportScene, reportScene } from '../test-support/report-visits.ts';

// One fixture, four readers: the visit log, the log review, the report and the CSV export must name the same
// exceptions for the same visits, because they share one definition (db queries/visit-exceptions.ts, names and
// labels in validators).

const h = createHarness();
afterAll(() => h.close());

const JUNE = { from: '2025-06-01', to: '2025-06-30' };
let scene: ReportScene;
const ids: Record<string, string> = {};

/** RFC 4180 fields of one CSV record (quotes doubled inside quoted fields). */
function fields(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) {
    out.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? ''));
  }
  return out;
}

const kindOfLabel = new Map(logExceptionKinds.map((k) => [logExceptionLabels[k], k] as const));

beforeAll(async () => {
  scene = await reportScene(h);
  const { escort } = scene.people;
  const confirmed = (minutes: number | null) => [{ staffId: escort.id, confirmedAfterMinutes: minutes }];
  const on = (day: number) => new Date(`2025-06-${String(day).padStart(2, '0')}T09:00:00Z`);
  ids.clean = await scene.record({ signedInAt: on(10), escorts: confirmed(2) });
  ids.formless = await scene.record({ signedInAt: on(11), signed: false, escorts: confirmed(2) });
  ids.unacknowledged = await scene.record({ signedInAt: on(12), noPhotography: false, escorts: confirmed(2) });
  ids.alone = await scene.record({ signedInAt: on(13), escorts: [] });
  ids.lingering = await scene.record({
    signedInAt: on(14),
    signedOutAt: null,
    state: 'departure_unconfirmed',
    escorts: confirmed(1),
  });
  ids.everything = await scene.record({
    signedInAt: on(15),
    signed: false,
    noPhotography: false,
    escorts: confirmed(null),
  });
});

describe('exceptions are defined once', () => {
  it('names the same kinds in the database package and in validators', () => {
    expectTypeOf<DbExceptionKind>().toEqualTypeOf<LogExceptionKind>();
  });

  it('the log, the review, the report and the export agree on every visit of a period', async () => {
    const coordinator = scene.people.coordinator.as();
    const siteId = scene.site.id;

    const log = await coordinator.visitLog.search({ siteId, ...JUNE, limit: 100 });
    const fromLog = new Map(log.visits.map((v) => [v.id, v.exceptions]));
    expect(Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, fromLog.get(id)]))).toEqual({
      clean: [],
      formless: ['missing_form'],
      unacknowledged: ['missing_acknowledgement'],
      alone: ['unescorted'],
      lingering: ['no_sign_out'],
      everything: ['unescorted', 'missing_form', 'missing_acknowledgement'],
    });
    const counts = { no_sign_out: 1, unescorted: 2, missing_form: 2, missing_acknowledgement: 2 };

    const review = await coordinator.logReviews.exceptionReport({ siteId, ...JUNE });
    expect(review.visitCount).toBe(6);
    expect(review.counts).toEqual(counts);
    expect(new Map(review.visits.map((v) => [v.id, v.exceptions]))).toEqual(
      new Map([...fromLog].filter(([, kinds]) => kinds.length > 0)),
    );

    const report = await coordinator.reports.visits({ siteId, ...JUNE });
    expect(report.exceptions).toEqual(counts);
    // Compliance counts a signed form and the acknowledgements by the same rules (no visit is pending here).
    expect(report.compliance).toMatchObject({ visits: 6, pending: 0, formSigned: 4, acknowledged: 4 });

    const started = await coordinator.reports.exportStart({ siteId, ...JUNE, reason: 'compliance_review' });
    const page = await coordinator.reports.exportPage({ siteId, exportId: started.exportId, after: null });
    const header = fields(started.header.trimEnd());
    const at = (name: string) => header.indexOf(name);
    const fromExport = new Map(
      page.csv
        .split('\r\n')
        .filter((line) => line !== '')
        .map((line) => {
          const cells = fields(line);
          const labels = cells[at('exceptions')] ?? '';
          const kinds = labels === '' ? [] : labels.split('; ').map((label) => kindOfLabel.get(label) ?? label);
          return [cells[at('visit_id')] ?? '', kinds as LogExceptionKind[]] as const;
        }),
    );
    expect(fromExport).toEqual(fromLog);
  });
});
