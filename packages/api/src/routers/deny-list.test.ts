import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DenyListScene, denyListScene, minutesAgo } from '../test-support/deny-list-scene.ts';
import { type EscortScene, escortScene, type Member } from '../test-support/escort-harness.ts';
import { callerFor, createHarness, visitorInput } from '../test-support/harness.ts';

// Held visitors (alerts, the board, the coordinator's decision) are in deny-list-held.test.ts.
const h = createHarness();
afterAll(() => h.close());

let scene: EscortScene;
let site: string;
let org: string;
let reception: Member;
let signIn: DenyListScene['signIn'];

beforeAll(async () => {
  ({ scene, site, org, reception, signIn } = await denyListScene(h));
});

const coordinator = () => scene.coordinator.as();

describe('the kiosk’s deny-list check', () => {
  it.each([
    ['the exact name', 'Marie Curie'],
    ['another case, spacing and word order', 'CURIE  marie'],
    ['an accent the entry lacks', 'Marie Curié'],
    ['punctuation', 'Curie, Marie.'],
    ['an alias, in another order', 'smith MARY'],
  ])('holds %s in screening ("%s")', async (_how, fullName) => {
    const { visit } = await signIn(fullName);
    expect(visit.state).toBe('screening');
    const [row] = await h.handle.sql`select outcome from visit_screening where visit_id = ${visit.id}`;
    expect(row?.outcome).toBe('match');
  });

  it.each([['Marie Curien'], ['Marie'], ['Pierre Curie']])('lets "%s" through to wait for an escort', async (name) => {
    const { visit } = await signIn(name);
    expect(visit.state).toBe('awaiting_escort');
    const [row] = await h.handle.sql`select outcome from visit_screening where visit_id = ${visit.id}`;
    expect(row?.outcome).toBe('clear');
  });

  it('answers a match exactly as any sign-in: the same receipt, with nothing that tells', async () => {
    const held = await signIn('Marie Curie');
    const clear = await signIn('Grace Hopper');
    const shape = (r: object) =>
      Object.entries(r).map(([k, v]) => [k, v === null ? 'null' : v instanceof Date ? 'date' : typeof v]);
    expect(shape(held.receipt)).toEqual(shape(clear.receipt));
    expect(held.receipt.replayed).toBe(false);
    expect(held.receipt.visitCode).toMatch(/^[A-Z0-9]{6}$/);
    // The badge screen asks for its escort like any other visit.
    const badge = await scene.kioskAs().kiosk.badgeEscort({ visitCode: held.receipt.visitCode });
    const badgeClear = await scene.kioskAs().kiosk.badgeEscort({ visitCode: clear.receipt.visitCode });
    expect(badge).toEqual(badgeClear);
  });

  it('folds letters that do not decompose: "Łukasz Søren" on the list holds "Lukasz Soren"; the log finds both', async () => {
    await coordinator().denyList.add({
      siteId: site,
      fullName: 'Łukasz Søren',
      aliases: ['Þór Ægisson'],
      reason: 'Harassed a resident',
      reviewBy: '2030-01-01',
    });
    expect((await signIn('Lukasz Soren')).visit.state).toBe('screening');
    expect((await signIn('thor aegisson')).visit.state).toBe('screening');
    expect((await signIn('Lukas Soren')).visit.state).toBe('awaiting_escort');
    const found = await coordinator().visitLog.search({ siteId: site, name: 'łukasz SØREN' });
    expect(found.visits.map((v) => v.visitorName)).toEqual(['Lukasz Soren']);
  });

  it('does not match another organisation’s entry', async () => {
    const other = await escortScene(h);
    const input = visitorInput(other, { fullName: 'Marie Curie' });
    await other.kioskAs().visits.signIn(input);
    const visit = await h.db.query.visit.findFirst({
      where: (t, { eq }) => eq(t.idempotencyKey, input.idempotencyKey),
    });
    expect(visit?.state).toBe('awaiting_escort');
  });

  it('screens a sign-in the tablet kept offline when it arrives, and a resend is not screened twice', async () => {
    const key = randomUUID();
    const signedAt = minutesAgo(10);
    const { visit, receipt } = await signIn('Marie Curie', { signedAt, idempotencyKey: key });
    expect(receipt.replayed).toBe(false);
    expect(visit.state).toBe('screening');
    expect(visit.signedInAt.toISOString()).toBe(signedAt.toISOString());
    const again = await scene
      .kioskAs()
      .visits.signIn(visitorInput(scene, { fullName: 'Marie Curie', signedAt, idempotencyKey: key }));
    expect(again).toMatchObject({ visitCode: receipt.visitCode, replayed: true });
    const rows = await h.handle.sql`select outcome from visit_screening where visit_id = ${visit.id}`;
    expect(rows.map((r) => r.outcome)).toEqual(['match']);
  });
});

describe('deny-list entries', () => {
  it('are added, changed and removed by coordinators, each audited with ids only; a removed entry stops matching', async () => {
    const { entryId } = await coordinator().denyList.add({
      siteId: site,
      fullName: 'Ada Lovelace',
      aliases: [],
      reason: 'Threatened staff',
      reviewBy: '2020-01-01',
    });
    const due = await coordinator().denyList.entries({ siteId: site, due: true });
    expect(due.map((e) => e.id)).toEqual([entryId]);
    expect(due[0]).toMatchObject({ fullName: 'Ada Lovelace', reviewDue: true, addedByName: 'Cora Coordinator' });

    await coordinator().denyList.edit({
      siteId: site,
      entryId,
      fullName: 'Ada Lovelace',
      aliases: ['Augusta King'],
      dateOfBirth: null,
      reason: 'Threatened staff',
      reviewBy: '2031-06-01',
      change: 'Reviewed; known by her married name too',
    });
    expect((await signIn('King Augusta')).visit.state).toBe('screening');
    expect(await coordinator().denyList.entries({ siteId: site, due: true })).toEqual([]);

    await coordinator().denyList.remove({ siteId: site, entryId, reason: 'Order lifted by the court' });
    expect((await signIn('Ada Lovelace')).visit.state).toBe('awaiting_escort');
    const all = await coordinator().denyList.entries({ siteId: site, due: false });
    expect(all.map((e) => e.id)).not.toContain(entryId);
    await expect(coordinator().denyList.remove({ siteId: site, entryId, reason: 'Again' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const trail = await h.handle.sql<{ type: string; data: unknown }[]>`
      select type, data from audit_event where organisation_id = ${org} and type like 'deny_list.%' order by id`;
    // Marie Curie's and Łukasz Søren's entries (added above), then this one.
    expect(trail.map((r) => r.type)).toEqual([
      'deny_list.entry_added',
      'deny_list.entry_added',
      'deny_list.entry_added',
      'deny_list.entry_changed',
      'deny_list.entry_removed',
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/Lovelace|Augusta|Curie|Threatened|court/i);
  });

  it('keep names, aliases, dates of birth and reasons out of a database dump', async () => {
    // What a dump holds: the raw bytes of every personal column, and the name hashes.
    const rows = await h.handle.sql<Record<string, Buffer | null>[]>`
      select full_name, aliases, date_of_birth, reason from deny_list_entry where organisation_id = ${org}`;
    const tokens = await h.handle.sql<
      { token: string }[]
    >`select token from deny_list_name where organisation_id = ${org}`;
    expect(rows.length).toBeGreaterThan(0);
    const bytes = rows.flatMap((r) => Object.values(r)).filter((c): c is Buffer => c !== null);
    expect(bytes.every((c) => Buffer.isBuffer(c) && c.length > 12)).toBe(true);
    const dump = [...bytes.map((c) => c.toString('latin1')), ...tokens.map((t) => t.token)].join('\n');
    expect(dump).not.toMatch(/curie|marie|smith|1967|court order/i);
  });

  it('refuse the desk and escorts', async () => {
    await expect(reception.as().denyList.entries({ siteId: site })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(h, { kioskToken: scene.kiosk.token }).denyList.entries({ siteId: site }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|UNAUTHORIZED/) });
  });
});
