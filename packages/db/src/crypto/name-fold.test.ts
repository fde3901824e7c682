import { randomUUID } from 'node:crypto';
import { eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { findDenyMatches, insertDenyEntry } from '../queries/deny-list.ts';
import { insertKioskDevice } from '../queries/kiosk.ts';
import { searchVisitLog } from '../queries/visit-log.ts';
import { insertVisitOnce } from '../queries/visits.ts';
import { denyListName } from '../schema/deny-list.ts';
import { nameFoldCheck } from '../schema/name-fold-check.ts';
import { visit } from '../schema/visit.ts';
import { createTestOrganisation, createTestStaff } from '../testing/fixtures.ts';
import { blindToken } from './keyring.ts';
import { foldedWords, foldName, NAME_FOLD_VERSION } from './name-fold.ts';
import { reindexNames, reindexNamesOnce } from './reindex.ts';

const app = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => app.close());

describe('foldName', () => {
  it.each([
    ['Łukasz Søren', 'lukasz soren'],
    ['Đorđe Ðuric', 'dorde duric'],
    ['Æsa Œuvre Straße', 'aesa oeuvre strasse'],
    ['Þórunn', 'thorunn'],
    ['Işıl İnce', 'isil ince'],
    ['Ħamrun Ŧom', 'hamrun tom'],
    ['Ｍａｒｉｅ ﬁona Ĳsbrand', 'marie fiona ijsbrand'],
    ['Émilie du Châtelet', 'emilie du chatelet'],
    ['ΣΟΦΙΑΣ', 'σοφιασ'],
  ])('folds "%s" to "%s"', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it('keeps the marks of scripts that need them inside their words', () => {
    // Khmer vowel signs and Japanese voicing marks are part of the word, not accents to drop or word breaks.
    expect(foldedWords('សុខា ចាន់')).toEqual(['សុខា', 'ចាន់']);
    expect(foldedWords('がくと')).toEqual(['がくと']);
    expect(foldedWords("O'Brien, Anne-Marie")).toEqual(['o', 'brien', 'anne', 'marie']);
  });
});

async function scene() {
  const { organisation, site } = await createTestOrganisation(app.db);
  const staff = await createTestStaff(app.db, { organisationId: organisation.id, siteId: site.id, roles: ['admin'] });
  const { id: kioskDeviceId } = await insertKioskDevice(app.db, {
    organisationId: organisation.id,
    siteId: site.id,
    name: 'Front desk',
    tokenHash: randomUUID(),
  });
  const signIn = async (name: string) => {
    const receipt = await insertVisitOnce(app.db, {
      organisationId: organisation.id,
      siteId: site.id,
      kioskDeviceId,
      idempotencyKey: randomUUID(),
      visitorName: name,
      visitorOrganisation: 'None',
      category: 'visitor',
      purpose: 'Visit',
      hostName: 'Reception',
      hostStaffId: null,
      visitorEmail: 'visitor@example.org',
      language: 'en',
      state: 'awaiting_escort',
      visitCode: String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
      signedInAt: new Date(),
    });
    if (!receipt) throw new Error('no visit');
    return receipt.id;
  };
  const names = async (term: string) => {
    const rows = await searchVisitLog(app.db, {
      siteId: site.id,
      name: term,
      timeZone: 'Europe/London',
      now: new Date(),
      unescortedAllowanceSeconds: 300,
      limit: 50,
    });
    return rows.map((r) => r.visitorName).sort();
  };
  const addDenyEntry = (fullName: string, aliases: string[] = []) =>
    insertDenyEntry(app.db, {
      organisationId: organisation.id,
      staffId: staff.id,
      at: new Date(),
      fullName,
      aliases,
      dateOfBirth: null,
      reason: 'Court order',
      reviewBy: '2030-01-01',
    });
  const denyMatches = (fullName: string) => findDenyMatches(app.db, { organisationId: organisation.id, fullName });
  return { organisation, signIn, names, addDenyEntry, denyMatches };
}

// What the fold before this one stored: accents dropped, but ł and ø kept as they are.
const oldWords = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];
const oldNameIndex = (name: string) =>
  oldWords(name).flatMap((w) => [...w].map((_, n) => blindToken(`p:${[...w].slice(0, n + 1).join('')}`)));

/** A visit and a deny-list entry for "Łukasz Søren" whose hashes are what the fold before this one stored. */
async function storedUnderOldFold(ctx: Awaited<ReturnType<typeof scene>>) {
  const visitId = await ctx.signIn('Łukasz Søren');
  const entryId = await ctx.addDenyEntry('Łukasz Søren');
  await app.db
    .update(visit)
    .set({ visitorNameIndex: oldNameIndex('Łukasz Søren') })
    .where(eq(visit.id, visitId));
  await app.db
    .update(denyListName)
    .set({ token: blindToken(`deny:${oldWords('Łukasz Søren').sort().join(' ')}`) })
    .where(eq(denyListName.entryId, entryId));
  expect(await ctx.names('lukasz')).toEqual([]);
  expect(await ctx.denyMatches('Lukasz Soren')).toEqual([]);
  return { visitId, entryId };
}

describe('one fold for name search and the deny list', () => {
  it('matches "Łukasz Søren" on the deny list to a sign-in as "Lukasz Soren", and name search finds both ways', async () => {
    const { signIn, names, addDenyEntry, denyMatches } = await scene();
    const entryId = await addDenyEntry('Łukasz Søren', ['Þór Ægisson']);
    expect(await denyMatches('Lukasz Soren')).toEqual([entryId]);
    expect(await denyMatches('soren LUKASZ')).toEqual([entryId]);
    expect(await denyMatches('Thor Aegisson')).toEqual([entryId]);
    expect(await denyMatches('Lukas Soren')).toEqual([]);

    await signIn('Łukasz Søren');
    await signIn('Lukasz Soren');
    expect(await names('lukasz soren')).toEqual(['Lukasz Soren', 'Łukasz Søren']);
    expect(await names('Łuk Sø')).toEqual(['Lukasz Soren', 'Łukasz Søren']);
  });

  it('reindexNames rewrites the hashes the old fold stored, so they match again; a second run changes nothing', async () => {
    const ctx = await scene();
    const { organisation, signIn, names, denyMatches } = ctx;
    const { visitId, entryId } = await storedUnderOldFold(ctx);
    const marie = await signIn('Marie Curie');

    const batches: unknown[] = [];
    const total = await reindexNames(app.db, {
      organisationId: organisation.id,
      batchSize: 1,
      onBatch: (c) => batches.push(c),
    });
    expect(total).toEqual({ visits: 1, denyListEntries: 1, unreadable: 0 });
    expect(batches).toEqual([
      { visits: 0, denyListEntries: 1, unreadable: 0 },
      { visits: 1, denyListEntries: 0, unreadable: 0 },
    ]);
    expect(await names('lukasz soren')).toEqual(['Łukasz Søren']);
    expect(await names('marie')).toEqual(['Marie Curie']);
    expect(await denyMatches('Lukasz Soren')).toEqual([entryId]);

    expect(await reindexNames(app.db, { organisationId: organisation.id, batchSize: 1 })).toEqual({
      visits: 0,
      denyListEntries: 0,
      unreadable: 0,
    });

    // A name still in clear from before encryption is left to keys reencrypt, which indexes it as it encrypts; a
    // damaged one is counted and left, and the rest go on. Rolled back: other tests check the database for both.
    const oddRows = app.db.transaction(async (tx) => {
      await tx.execute(sql`
        update visit set visitor_name = convert_to('Clara Clear', 'UTF8'), visitor_name_index = '{}'
        where id = ${visitId}`);
      await tx.execute(sql`
        update visit set visitor_name = set_byte(visitor_name, 20, (get_byte(visitor_name, 20) + 1) % 256)
        where id = ${marie}`);
      expect(await reindexNames(tx, { organisationId: organisation.id, batchSize: 1 })).toEqual({
        visits: 0,
        denyListEntries: 0,
        unreadable: 1,
      });
      tx.rollback();
    });
    await expect(oddRows).rejects.toThrow(TransactionRollbackError);
    expect(await names('lukasz soren')).toEqual(['Łukasz Søren']);
  });

  it('start-up reindexes once per fold version, so an entry stored under the old fold holds the next sign-in', async () => {
    const ctx = await scene();
    const { entryId } = await storedUnderOldFold(ctx);
    // As a database last reindexed by the release before this fold.
    await app.db
      .insert(nameFoldCheck)
      .values({ only: true, foldVersion: NAME_FOLD_VERSION - 1 })
      .onConflictDoUpdate({ target: nameFoldCheck.only, set: { foldVersion: NAME_FOLD_VERSION - 1 } });
    const total = await reindexNamesOnce(app.db, { batchSize: 200 });
    expect(total?.visits).toBeGreaterThanOrEqual(1);
    expect(total?.denyListEntries).toBeGreaterThanOrEqual(1);
    expect(await ctx.denyMatches('Lukasz Soren')).toEqual([entryId]);
    expect(await ctx.names('lukasz soren')).toEqual(['Łukasz Søren']);
    const [check] = await app.db.select().from(nameFoldCheck);
    expect(check?.foldVersion).toBe(NAME_FOLD_VERSION);
    // Done for this version: the next start reads nothing.
    expect(await reindexNamesOnce(app.db, { batchSize: 200 })).toBeNull();
  });
});
