import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { preparedInsertRows, preparedQueries, preparedQuery } from './prepared-query.ts';
import { organisation } from './schema/organisation.ts';

const handle = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => handle.close());

const insertOrganisation = preparedQuery((db) =>
  db
    .insert(organisation)
    .values({ name: sql.placeholder('name') })
    .returning({ id: organisation.id, name: organisation.name })
    .prepare('test_insert_organisation'),
);
const organisationNamed = preparedQuery((db) =>
  db
    .select({ id: organisation.id })
    .from(organisation)
    .where(eq(organisation.name, sql.placeholder('name')))
    .prepare('test_organisation_named'),
);

class RolledBack extends Error {}

describe('a query built once', () => {
  it('runs in the transaction of each caller, so it commits and rolls back with that transaction', async () => {
    const kept = `kept ${crypto.randomUUID()}`;
    const undone = `undone ${crypto.randomUUID()}`;
    // First built inside a transaction that rolls back: later callers must not inherit that connection.
    await expect(
      handle.db.transaction(async (tx) => {
        const [row] = await insertOrganisation(tx, { name: undone });
        expect(row?.name).toBe(undone);
        expect(await organisationNamed(tx, { name: undone })).toHaveLength(1);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(await organisationNamed(handle.db, { name: undone })).toHaveLength(0);

    await handle.db.transaction(async (tx) => {
      await insertOrganisation(tx, { name: kept });
    });
    expect(await organisationNamed(handle.db, { name: kept })).toHaveLength(1);
  });

  it('keeps one query per variant, each with its own text', async () => {
    const names = [`a ${crypto.randomUUID()}`, `b ${crypto.randomUUID()}`];
    const insertMany = preparedQueries((db, count: number) =>
      db
        .insert(organisation)
        .values(Array.from({ length: count }, (_, i) => ({ name: sql.placeholder(`name${i}`) })))
        .returning({ name: organisation.name })
        .prepare('test_insert_organisations'),
    );
    expect(await insertMany(handle.db, 1, { name0: names[0] })).toEqual([{ name: names[0] }]);
    const two = await insertMany(handle.db, 2, { name0: `${names[0]} 2`, name1: names[1] });
    expect(two.map((r) => r.name).sort()).toEqual([`${names[0]} 2`, names[1]].sort());
  });

  it('refuses a missing value instead of sending null', async () => {
    await expect(insertOrganisation(handle.db, {})).rejects.toThrow(/placeholder "name"/);
  });
});

describe('a multi-row insert prepared per row count', () => {
  const insertOrganisations = preparedInsertRows('test_insert_organisation_rows', organisation, [
    'name',
    'retentionPurgeTime',
  ]);
  const rows = (count: number, label: string) =>
    Array.from({ length: count }, (_, i) => ({
      name: `${label} ${i} ${crypto.randomUUID()}`,
      retentionPurgeTime: `0${i}:30`,
    }));

  it('writes each row’s columns in the caller’s transaction, one statement per row count', async () => {
    const written = [...rows(2, 'first'), ...rows(2, 'second'), ...rows(3, 'third')];
    const names = written.map((r) => r.name);
    await expect(
      handle.db.transaction(async (tx) => {
        await insertOrganisations(tx, []);
        await insertOrganisations(tx, written.slice(0, 2));
        await insertOrganisations(tx, written.slice(2, 4));
        await insertOrganisations(tx, written.slice(4));
        const stored = await tx
          .select({ name: organisation.name, retentionPurgeTime: organisation.retentionPurgeTime })
          .from(organisation)
          .where(inArray(organisation.name, names));
        expect(stored.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
          [...written].sort((a, b) => a.name.localeCompare(b.name)),
        );
        // Two columns a row: the 2-row statement has parameters $1…$4, the 3-row one $1…$6; each prepared once.
        const prepared = await tx.execute<{ statement: string }>(
          sql`select statement from pg_prepared_statements where statement like 'insert into "organisation"%$4%'`,
        );
        expect(prepared.map((r) => (r.statement.includes('$6') ? 3 : 2)).sort()).toEqual([2, 3]);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect(await handle.db.select().from(organisation).where(inArray(organisation.name, names))).toHaveLength(0);
  });

  it('refuses a row without one of the columns instead of sending null', async () => {
    const name = `incomplete ${crypto.randomUUID()}`;
    const refused = insertOrganisations(handle.db, [{ name, retentionPurgeTime: undefined }]);
    await expect(refused).rejects.toHaveProperty('cause.message', expect.stringMatching(/Undefined values/));
    expect(await handle.db.select().from(organisation).where(eq(organisation.name, name))).toHaveLength(0);
  });
});
