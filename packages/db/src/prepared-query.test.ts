import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { preparedQueries, preparedQuery } from './prepared-query.ts';
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
