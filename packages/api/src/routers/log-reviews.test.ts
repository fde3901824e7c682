import { randomUUID } from 'node:crypto';
import { createDb } from '@threshold/db';
import { sealedVisit } from '@threshold/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refused } from '../test-support/escort-harness.ts';
import { auditRowsOfType, errorOf, httpCall } from '../test-support/harness.ts';
import { insertLoggedVisit, type LogWorld, logWorld } from '../test-support/visit-log.ts';

// Noon on 10 June 2031 at the site (Phnom Penh, UTC+7).
const NOW = new Date('2031-06-10T05:00:00.000Z');
const JUNE = { from: '2031-06-01', to: '2031-06-09' };
let w: LogWorld;
let ids: { clean: string; stillHere: string };
const owner = createDb(inject('ownerDatabaseUrl'), { max: 1 });
afterAll(async () => {
  await w.h.close();
  await owner.close();
});

beforeAll(async () => {
  w = await logWorld();
  const escorted = [{ staffId: w.staff.escort.id, confirmedAfter: 1, endedAfter: 30 }];
  const visit = (name: string, signedInAt: string, extra: object = {}) =>
    insertLoggedVisit(w.h, w.site, { name, signedInAt, stayMinutes: 30, escorts: escorted, ...extra });
  const clean = await visit('Clean Visit', '2031-06-01T03:00:00Z');
  await visit('Lone Visit', '2031-06-02T03:00:00Z', { escorts: [] });
  await visit('Formless Visit', '2031-06-03T03:00:00Z', { form: false });
  const stillHere = await visit('Lingering Visit', '2031-06-04T03:00:00Z', {
    stayMinutes: null,
    state: 'departure_unconfirmed',
    escorts: [{ staffId: w.staff.escort.id, confirmedAfter: 1, endedAfter: null }],
  });
  await visit('Partial Visit', '2031-06-05T03:00:00Z', {
    acknowledged: ['confidentiality_policy', 'disclosure_policy'],
  });
  // Already 10 June at the site (outside the period), and already 1 June there though 31 May in UTC (inside).
  await visit('Later Visit', '2031-06-09T17:30:00Z', { escorts: [] });
  await visit('Edge Visit', '2031-05-31T17:30:00Z', { form: false });
  ids = { clean, stillHere };
});

const as = (who: keyof LogWorld['staff'] = 'coordinator', now = NOW) => w.staff[who].as(now).logReviews;
const report = (period = JUNE, who: keyof LogWorld['staff'] = 'coordinator') =>
  as(who).exceptionReport({ siteId: w.site.id, ...period });
const signOff = (digest: string, note = '', who: keyof LogWorld['staff'] = 'coordinator') =>
  as(who).signOff({ siteId: w.site.id, ...JUNE, digest, note });
const reviewRows = () => w.h.handle.sql`select * from log_review where site_id = ${w.site.id} order by signed_off_at`;

describe('logReviews.exceptionReport', () => {
  it('counts the period’s visits and lists every exception, by kind, for site-local days', async () => {
    const r = await report();
    expect(r).toMatchObject({ ...JUNE, siteId: w.site.id, visitCount: 6 });
    expect(r.counts).toEqual({ no_sign_out: 1, unescorted: 1, missing_form: 2, missing_acknowledgement: 1 });
    expect(r.visits.map((v) => [v.visitorName, v.exceptions])).toEqual([
      ['Partial Visit', ['missing_acknowledgement']],
      ['Lingering Visit', ['no_sign_out']],
      ['Formless Visit', ['missing_form']],
      ['Lone Visit', ['unescorted']],
      ['Edge Visit', ['missing_form']],
    ]);
    expect(r.digest).toMatch(/^[0-9a-f]{64}$/);
    expect((await report()).digest).toBe(r.digest);
  });

  it('records each viewing with the period and counts only', async () => {
    const before = (await auditRowsOfType(w.h, w.site.organisationId, 'log_review.report_viewed')).length;
    await report();
    const rows = (await auditRowsOfType(w.h, w.site.organisationId, 'log_review.report_viewed')).slice(before);
    expect(rows.map((r) => [r.actorId, r.siteId, r.data])).toEqual([
      [w.staff.coordinator.id, w.site.id, { ...JUNE, visits: 6, exceptionVisits: 5 }],
    ]);
  });

  it('refuses a period that ends after the site’s today, is reversed, or is longer than a year', async () => {
    await refused(
      report({ from: '2031-06-01', to: '2031-06-11' }),
      'BAD_REQUEST',
      /cannot end after today \(2031-06-10/,
    );
    // At 01:00 on 11 June in Phnom Penh (still 10 June in UTC) the 11th is today there.
    const evening = new Date('2031-06-10T18:00:00Z');
    await expect(
      as('coordinator', evening).exceptionReport({ siteId: w.site.id, from: '2031-06-11', to: '2031-06-11' }),
    ).resolves.toMatchObject({ visitCount: 0 });
    const fields = async (input: object) =>
      errorOf(
        await httpCall(
          w.h,
          { cookie: w.staff.coordinator.cookie, now: NOW },
          { path: 'logReviews.exceptionReport', type: 'query', input: { siteId: w.site.id, ...input } },
        ),
      ).data.fieldErrors.map(({ path, message }) => ({ path, message }));
    expect(await fields({ from: '2031-06-09', to: '2031-06-01' })).toEqual([
      { path: 'to', message: 'The end date must be on or after the start date' },
    ]);
    expect(await fields({ from: '2030-06-01', to: '2031-06-02' })).toEqual([
      { path: 'to', message: 'A review covers at most 366 days; choose a later start date or an earlier end date' },
    ]);
    expect(await fields({ from: '1 June', to: '2031-06-02' })).toEqual([
      { path: 'from', message: 'Enter the start date as YYYY-MM-DD' },
    ]);
  });
});

describe('logReviews.signOff', () => {
  it('records the sign-off with what the coordinator saw, audits it, and lists it', async () => {
    const { digest } = await report();
    const before = (await auditRowsOfType(w.h, w.site.organisationId, 'log_review.signed_off')).length;
    const review = await signOff(digest, 'Followed up the formless visit with the host.');
    const audit = (await auditRowsOfType(w.h, w.site.organisationId, 'log_review.signed_off')).slice(before);
    const counts = { no_sign_out: 1, unescorted: 1, missing_form: 2, missing_acknowledgement: 1 };
    expect(audit.map((r) => [r.actorId, r.siteId, r.data])).toEqual([
      [w.staff.coordinator.id, w.site.id, { reviewId: review.id, ...JUNE, visits: 6, exceptions: counts }],
    ]);
    const [listed] = await as().list({ siteId: w.site.id });
    expect(listed).toMatchObject({
      id: review.id,
      periodFrom: JUNE.from,
      periodTo: JUNE.to,
      visitCount: 6,
      exceptions: counts,
      note: 'Followed up the formless visit with the host.',
      signedOffByName: 'Cora Coordinator',
      signedOffAt: NOW,
    });
    // A sign-off is a record of an attestation: the application cannot change or remove it.
    await expect(w.h.handle.sql`update log_review set note = 'edited' where id = ${review.id}`).rejects.toMatchObject({
      code: '42501',
    });
    await expect(w.h.handle.sql`delete from log_review where id = ${review.id}`).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('refuses with CONFLICT when the report changed since it was viewed, even with the same counts', async () => {
    const seen = await report();
    // The lingering visitor is confirmed gone, and the clean visit turns out to lack its form: still five exceptions.
    await w.h.handle.sql`update visit set signed_out_at = signed_in_at + interval '1 hour', state = 'signed_out'
      where id = ${ids.stillHere}`;
    // Signed records are deleted only by the owner role (as retention would).
    await owner.sql`delete from visit_signature where visit_id = ${ids.clean}`;
    const rowsBefore = (await reviewRows()).length;
    const auditBefore = (await auditRowsOfType(w.h, w.site.organisationId, 'log_review.signed_off')).length;
    await refused(signOff(seen.digest), 'CONFLICT', /changed since you opened it: it now has 6 visits, 5 of them/);
    expect(await reviewRows()).toHaveLength(rowsBefore);
    expect(await auditRowsOfType(w.h, w.site.organisationId, 'log_review.signed_off')).toHaveLength(auditBefore);
    const fresh = await report();
    expect(fresh.digest).not.toBe(seen.digest);
    expect(fresh.counts).toEqual({ no_sign_out: 0, unescorted: 1, missing_form: 3, missing_acknowledgement: 1 });
    await expect(signOff(fresh.digest)).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('refuses a malformed digest and an over-long note, naming the field', async () => {
    const fields = async (input: object) =>
      errorOf(
        await httpCall(
          w.h,
          { cookie: w.staff.coordinator.cookie, now: NOW },
          { path: 'logReviews.signOff', type: 'mutation', input: { siteId: w.site.id, ...JUNE, ...input } },
        ),
      ).data.fieldErrors.map(({ path, message }) => ({ path, message }));
    expect(await fields({ digest: 'abc' })).toEqual([
      { path: 'digest', message: 'Open the exception report before signing off' },
    ]);
    expect(await fields({ digest: 'a'.repeat(64), note: 'x'.repeat(2001) })).toEqual([
      { path: 'note', message: 'The note can be at most 2,000 characters' },
    ]);
  });

  it('refuses a period with more exceptions than one report lists', async () => {
    const { sql } = w.h.handle;
    const busy = sealedVisit({ name: 'Busy Visitor', organisation: 'Busy' });
    const rows = Array.from({ length: 2001 }, (_, i) => ({
      organisation_id: w.site.organisationId,
      site_id: w.site.id,
      idempotency_key: randomUUID(),
      ...busy,
      category: 'other',
      state: 'signed_out',
      visit_code: `Q${i + 1}`,
      signed_in_at: new Date(Date.parse('2031-03-01T03:00:00Z') + (i + 1) * 10_000).toISOString(),
      signed_out_at: new Date(Date.parse('2031-03-01T04:00:00Z') + (i + 1) * 10_000).toISOString(),
    }));
    await sql`insert into visit ${sql(rows)}`;
    await refused(report({ from: '2031-03-01', to: '2031-03-01' }), 'BAD_REQUEST', /More than 2,000 visits/);
  });
});

describe('logReviews need to know', () => {
  it.each(['escort', 'reception', 'admin', 'otherCoordinator'] as const)('is FORBIDDEN to %s', async (who) => {
    await refused(report(JUNE, who), 'FORBIDDEN');
    await refused(signOff('a'.repeat(64), '', who), 'FORBIDDEN');
    await refused(as(who).list({ siteId: w.site.id }), 'FORBIDDEN');
  });

  it('is open to an admin who is also a coordinator here', async () => {
    await expect(report(JUNE, 'adminCoordinator')).resolves.toMatchObject({ visitCount: 6 });
    await expect(as('adminCoordinator').list({ siteId: w.site.id })).resolves.toEqual(expect.any(Array));
  });
});
