import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EscortScene,
  escortScene,
  type Member,
  member,
  refused,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { auditRowsOfType, createHarness, errorOf, httpCall, testPasswordHash } from '../test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let admin: Member;

beforeAll(async () => {
  await testPasswordHash();
  scene = await escortScene(h);
  admin = await member(h, scene.site, ['admin'], 'Ada Admin');
});

const siteId = () => scene.site.id;

/** The field errors of a refused `retention.setSchedule` call, over HTTP so the real error formatter runs. */
async function fieldErrorsOf(input: Record<string, unknown>) {
  const res = await httpCall(
    h,
    { cookie: admin.cookie },
    { path: 'retention.setSchedule', type: 'mutation', input: { siteId: siteId(), ...input } },
  );
  expect(res.status).toBe(400);
  return errorOf(res).data.fieldErrors.map((f) => [f.path, f.message]);
}

describe('retention.setSchedule', () => {
  it('starts at 02:00 and 14 days, takes an hour or HH:MM, and audits old and new', async () => {
    expect(await admin.as().retention.overview({ siteId: siteId() })).toMatchObject({
      purgeTime: '02:00',
      purgeTimeZone: 'Europe/London',
      concernReviewDays: 14,
    });

    await expect(
      admin.as().retention.setSchedule({ siteId: siteId(), purgeTime: '3', concernReviewDays: 30 }),
    ).resolves.toEqual({ changed: true });
    expect(await admin.as().retention.overview({ siteId: siteId() })).toMatchObject({
      purgeTime: '03:00',
      concernReviewDays: 30,
    });
    // The same values again, written another way, change nothing and record nothing.
    await expect(
      admin.as().retention.setSchedule({ siteId: siteId(), purgeTime: '03:00', concernReviewDays: 30 }),
    ).resolves.toEqual({ changed: false });
    await admin.as().retention.setSchedule({ siteId: siteId(), purgeTime: '23:45', concernReviewDays: 30 });

    const audit = await auditRowsOfType(h, scene.organisation.id, 'retention.schedule_set');
    expect(audit.map((r) => [r.actorId, r.data])).toEqual([
      [admin.id, { purgeTimeFrom: '02:00', purgeTimeTo: '03:00', concernReviewDaysFrom: 14, concernReviewDaysTo: 30 }],
      [admin.id, { purgeTimeFrom: '03:00', purgeTimeTo: '23:45', concernReviewDaysFrom: 30, concernReviewDaysTo: 30 }],
    ]);
  });

  it('refuses a time that is not an hour from 0 to 23 or HH:MM, and a review period outside 1 to 90 days', async () => {
    const timeMessage = 'Enter the purge time as an hour from 0 to 23, or as hours and minutes such as 02:00';
    const daysMessage = 'Enter the concern review period as a whole number of days from 1 to 90';
    for (const purgeTime of ['24', '2:5', '02:60', 'two', '']) {
      expect(await fieldErrorsOf({ purgeTime, concernReviewDays: 14 })).toEqual([['purgeTime', timeMessage]]);
    }
    for (const concernReviewDays of [0, 91, 1.5]) {
      expect(await fieldErrorsOf({ purgeTime: '02:00', concernReviewDays })).toEqual([
        ['concernReviewDays', daysMessage],
      ]);
    }
  });

  it('is for admins: a coordinator sees the settings but cannot change them', async () => {
    const setting = await escortScene(h);
    const before = await setting.coordinator.as().retention.overview({ siteId: setting.site.id });
    await refused(
      setting.coordinator
        .as()
        .retention.setSchedule({ siteId: setting.site.id, purgeTime: '04:00', concernReviewDays: 7 }),
      'FORBIDDEN',
    );
    expect(await setting.coordinator.as().retention.overview({ siteId: setting.site.id })).toEqual(before);
  });
});

describe('a concern’s automatic hold', () => {
  it('comes up for review after the organisation’s review period', async () => {
    const other = await escortScene(h);
    const otherAdmin = await member(h, other.site, ['admin'], 'Odo Admin');
    const reception = await member(h, other.site, ['reception'], 'Rae Reception');
    const raiseAt = async (now: Date) => {
      const { visitId } = await signInVisitor(h, other, { now });
      const { holdId } = await reception
        .as(now)
        .safeguarding.raiseConcern({ siteId: other.site.id, visitId, category: 'injury', note: 'Fell on the stairs' });
      const [hold] = await h.handle.sql<{ review_by: string }[]>`
        select review_by::text from safeguarding_hold where id = ${holdId}`;
      return hold?.review_by;
    };

    expect(await raiseAt(new Date('2031-03-01T10:00:00Z'))).toBe('2031-03-15');
    await otherAdmin.as().retention.setSchedule({ siteId: other.site.id, purgeTime: '02:00', concernReviewDays: 45 });
    expect(await raiseAt(new Date('2031-03-01T10:00:00Z'))).toBe('2031-04-15');
    // Another organisation keeps its own period.
    expect((await admin.as().retention.overview({ siteId: siteId() })).concernReviewDays).not.toBe(45);
  });
});
