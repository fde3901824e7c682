import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refused } from '../test-support/escort-harness.ts';
import { auditRowsOfType, errorOf, httpCall } from '../test-support/harness.ts';
import { insertLoggedVisit, type LoggedVisitSpec, type LogWorld, logWorld } from '../test-support/visit-log.ts';

// "Now" is noon on 10 June 2031 in Phnom Penh (UTC+7): the site's day began at 2031-06-09T17:00Z.
const NOW = new Date('2031-06-10T05:00:00.000Z');
let w: LogWorld;
const ids: Record<string, string> = {};
afterAll(() => w.h.close());

beforeAll(async () => {
  w = await logWorld();
  const eli = w.staff.escort.id;
  const fay = w.staff.colleague.id;
  const withEli = (confirmedAfter: number | null, endedAfter: number | null) => [
    { staffId: eli, confirmedAfter, endedAfter },
  ];
  const visits: Record<string, LoggedVisitSpec> = {
    ada: { name: 'Ada Lovelace', signedInAt: '2031-06-01T02:00:00Z', stayMinutes: 60, escorts: withEli(2, 60) },
    // 00:30 on 2 June at the site, still 1 June in UTC.
    zoe: {
      name: 'Zoë O’Brien-Smith',
      signedInAt: '2031-06-01T17:30:00Z',
      stayMinutes: 30,
      category: 'donor',
      escorts: withEli(1, 30),
    },
    marie: { name: 'Marie Curie', signedInAt: '2031-06-03T03:00:00Z', stayMinutes: 30, category: 'volunteer' },
    // Unescorted 1 + 4 minutes: exactly the site's 300-second allowance, so not an exception.
    pierre: {
      name: 'Pierre Curie',
      signedInAt: '2031-06-04T03:00:00Z',
      stayMinutes: 40,
      escorts: [
        { staffId: eli, confirmedAfter: 1, endedAfter: 10 },
        { staffId: fay, assignedAfter: 10, confirmedAfter: 14, endedAfter: 40 },
      ],
    },
    grace: {
      name: 'Grace Hopper',
      signedInAt: '2031-06-05T03:00:00Z',
      stayMinutes: null,
      state: 'departure_unconfirmed',
      escorts: withEli(1, null),
    },
    alan: {
      name: 'Alan Turing',
      signedInAt: '2031-06-06T03:00:00Z',
      stayMinutes: 20,
      form: false,
      escorts: withEli(1, 20),
    },
    rosalind: {
      name: 'Rosalind Franklin',
      signedInAt: '2031-06-07T03:00:00Z',
      stayMinutes: 20,
      acknowledged: ['confidentiality_policy', 'no_photography_statement'],
      escorts: withEli(1, 20),
    },
    emmy: {
      name: 'Emmy Noether',
      signedInAt: '2031-06-08T03:00:00Z',
      stayMinutes: 30,
      escorts: [{ staffId: fay, confirmedAfter: null, endedAfter: 30 }],
    },
    // On site today, escorted: not an exception.
    katherine: {
      name: 'Katherine Johnson',
      signedInAt: '2031-06-10T04:00:00Z',
      stayMinutes: null,
      escorts: withEli(2, null),
    },
  };
  for (const [key, spec] of Object.entries(visits)) ids[key] = await insertLoggedVisit(w.h, w.site, spec);
  ids.elsewhere = await insertLoggedVisit(w.h, w.otherSite, {
    name: 'Marie Elsewhere',
    signedInAt: '2031-06-03T04:00:00Z',
    stayMinutes: 10,
  });
});

type Search = Omit<Parameters<ReturnType<LogWorld['staff']['coordinator']['as']>['visitLog']['search']>[0], 'siteId'>;
const search = (filters: Search = {}, who: keyof LogWorld['staff'] = 'coordinator') =>
  w.staff[who].as(NOW).visitLog.search({ siteId: w.site.id, ...filters });
const keysOf = (visits: { id: string }[]) =>
  visits.map((v) => Object.entries(ids).find(([, id]) => id === v.id)?.[0] ?? v.id);

describe('visitLog.search', () => {
  it('lists the site’s visits newest first, with their exceptions, and nothing from another site', async () => {
    const { visits, nextCursor } = await search();
    expect(keysOf(visits)).toEqual(['katherine', 'emmy', 'rosalind', 'alan', 'grace', 'pierre', 'marie', 'zoe', 'ada']);
    expect(nextCursor).toBeNull();
    const exceptions = Object.fromEntries(visits.map((v, i) => [keysOf(visits)[i], v.exceptions]));
    expect(exceptions).toEqual({
      katherine: [],
      emmy: ['unescorted'],
      rosalind: ['missing_acknowledgement'],
      alan: ['missing_form'],
      grace: ['no_sign_out'],
      pierre: [],
      marie: ['unescorted'],
      zoe: [],
      ada: [],
    });
    expect(visits[0]).toMatchObject({
      visitorName: 'Katherine Johnson',
      state: 'escorted',
      signedOutAt: null,
      escortNames: ['Eli Escort'],
    });
    expect(visits.find((v) => v.id === ids.pierre)?.escortNames).toEqual(['Eli Escort', 'Fay Fellow']);
  });

  it('measures unescorted time exactly as the visit detail does', async () => {
    const { visits } = await search();
    for (const v of visits) {
      const detail = await w.staff.coordinator.as(NOW).visits.detail({ siteId: w.site.id, visitId: v.id });
      expect({ id: v.id, seconds: v.unescortedSeconds }).toEqual({ id: v.id, seconds: detail.unescortedSeconds });
    }
    expect(visits.find((v) => v.id === ids.pierre)?.unescortedSeconds).toBe(300);
  });

  it('filters by each kind of exception, and by any', async () => {
    const cases = {
      no_sign_out: ['grace'],
      unescorted: ['emmy', 'marie'],
      missing_form: ['alan'],
      missing_acknowledgement: ['rosalind'],
      any: ['emmy', 'rosalind', 'alan', 'grace', 'marie'],
    } as const;
    for (const [exception, expected] of Object.entries(cases)) {
      const { visits } = await search({ exception: exception as keyof typeof cases });
      expect({ exception, visits: keysOf(visits) }).toEqual({ exception, visits: expected });
    }
  });

  it('counts as unescorted only time beyond the site’s allowance', async () => {
    await w.h.handle.sql`update site set escort_confirm_seconds = 299 where id = ${w.site.id}`;
    try {
      expect(keysOf((await search({ exception: 'unescorted' })).visits)).toEqual(['emmy', 'pierre', 'marie']);
    } finally {
      await w.h.handle.sql`update site set escort_confirm_seconds = 300 where id = ${w.site.id}`;
    }
  });

  it('filters by site-local days, category, state and escort, and combines filters', async () => {
    expect(keysOf((await search({ from: '2031-06-02', to: '2031-06-02' })).visits)).toEqual(['zoe']);
    expect(keysOf((await search({ from: '2031-06-01', to: '2031-06-01' })).visits)).toEqual(['ada']);
    expect(keysOf((await search({ from: '2031-06-07' })).visits)).toEqual(['katherine', 'emmy', 'rosalind']);
    expect(keysOf((await search({ to: '2031-06-01' })).visits)).toEqual(['ada']);
    expect(keysOf((await search({ category: 'volunteer' })).visits)).toEqual(['marie']);
    expect(keysOf((await search({ state: 'departure_unconfirmed' })).visits)).toEqual(['grace']);
    expect(keysOf((await search({ escortStaffId: w.staff.colleague.id })).visits)).toEqual(['emmy', 'pierre']);
    expect(keysOf((await search({ escortStaffId: w.staff.colleague.id, exception: 'any' })).visits)).toEqual(['emmy']);
    expect((await search({ category: 'contractor' })).visits).toEqual([]);
  });

  it('finds names by the beginnings of their words, ignoring case, accents and word order', async () => {
    const names = async (name: string) => keysOf((await search({ name })).visits);
    expect(await names('zoe')).toEqual(['zoe']);
    expect(await names('ZOË o’bri')).toEqual(['zoe']);
    expect(await names('smith')).toEqual(['zoe']);
    expect(await names('cur')).toEqual(['pierre', 'marie']);
    expect(await names('mar cur')).toEqual(['marie']);
    expect(await names('curie marie')).toEqual(['marie']);
    // Never inside a word: a blind index of word beginnings could not answer that.
    expect(await names('urie')).toEqual([]);
    expect(await names('marie xavier')).toEqual([]);
    // Quotes, backslashes and query operators are just characters: "!" does not mean "not".
    expect(await names("o'brien & !zoe | \\")).toEqual(['zoe']);
    expect(await names('marie')).toEqual(['marie']);
    expect(keysOf((await search({ name: 'curie', exception: 'unescorted' })).visits)).toEqual(['marie']);
  });

  it('refuses a name with no letters, a page over 100 and an end before the start, naming the field', async () => {
    const refusal = async (input: Record<string, unknown>) => {
      const result = await httpCall(
        w.h,
        { cookie: w.staff.coordinator.cookie, now: NOW },
        { path: 'visitLog.search', type: 'query', input: { siteId: w.site.id, ...input } },
      );
      expect(result.status).toBe(400);
      return errorOf(result).data.fieldErrors.map(({ path, message }) => ({ path, message }));
    };
    expect(await refusal({ name: ' !? ' })).toEqual([
      { path: 'name', message: 'Type at least one letter of the name' },
    ]);
    expect(await refusal({ limit: 101 })).toEqual([{ path: 'limit', message: 'A page holds at most 100 visits' }]);
    expect(await refusal({ from: '2031-06-05', to: '2031-06-01' })).toEqual([
      { path: 'to', message: 'The end date must be on or after the start date' },
    ]);
    expect(await refusal({ exception: 'late' })).toEqual([
      { path: 'exception', message: 'Choose a kind of exception' },
    ]);
    expect(await refusal({ cursor: { at: '12x', id: 'nope' } })).toEqual([
      { path: 'cursor.at', message: 'Bad log position' },
      { path: 'cursor.id', message: 'Bad log position' },
    ]);
  });
});

describe('visitLog.search audit', () => {
  it('records each search with its filters and whether a name was searched, never the name', async () => {
    const before = (await auditRowsOfType(w.h, w.site.organisationId, 'visit_log.searched')).length;
    const first = await search({ name: 'Curie', exception: 'any', from: '2031-06-01', limit: 1 });
    expect(first.nextCursor).toBeNull();
    const page = await search({ name: 'Curie', state: 'signed_out', limit: 1 });
    await search({ name: 'Curie', state: 'signed_out', limit: 1, cursor: page.nextCursor });
    await search({ category: 'donor' });
    const rows = (await auditRowsOfType(w.h, w.site.organisationId, 'visit_log.searched')).slice(before);
    expect(rows.map((r) => ({ actorId: r.actorId, siteId: r.siteId, visitId: r.visitId, data: r.data }))).toEqual([
      {
        actorId: w.staff.coordinator.id,
        siteId: w.site.id,
        visitId: null,
        data: { from: '2031-06-01', exception: 'any', nameSearched: true, page: 'first', results: 1 },
      },
      {
        actorId: w.staff.coordinator.id,
        siteId: w.site.id,
        visitId: null,
        data: { state: 'signed_out', nameSearched: true, page: 'first', results: 1 },
      },
      {
        actorId: w.staff.coordinator.id,
        siteId: w.site.id,
        visitId: null,
        data: { state: 'signed_out', nameSearched: true, page: 'next', results: 1 },
      },
      {
        actorId: w.staff.coordinator.id,
        siteId: w.site.id,
        visitId: null,
        data: { category: 'donor', nameSearched: false, page: 'first', results: 1 },
      },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/curie/i);
  });
});

describe('visitLog.search need to know', () => {
  it.each(['escort', 'reception', 'admin'] as const)('is FORBIDDEN to %s, and records nothing', async (who) => {
    const before = (await auditRowsOfType(w.h, w.site.organisationId, 'visit_log.searched')).length;
    await refused(search({}, who), 'FORBIDDEN');
    expect(await auditRowsOfType(w.h, w.site.organisationId, 'visit_log.searched')).toHaveLength(before);
  });

  it('is FORBIDDEN to a coordinator of another site, who sees only their own site’s log', async () => {
    await refused(search({}, 'otherCoordinator'), 'FORBIDDEN');
    const own = await w.staff.otherCoordinator.as(NOW).visitLog.search({ siteId: w.otherSite.id, name: 'marie' });
    expect(keysOf(own.visits)).toEqual(['elsewhere']);
  });

  it('is open to an admin who is also a coordinator here', async () => {
    expect((await search({}, 'adminCoordinator')).visits).toHaveLength(9);
  });
});
