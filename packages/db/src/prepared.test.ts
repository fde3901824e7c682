import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { organisation } from './schema/organisation.ts';

// One connection, so the statements listed are those this pool's queries prepared.
const handle = createDb(inject('databaseUrl'), { max: 1 });
afterAll(() => handle.close());

const preparedTexts = async (db: Pick<typeof handle.db, 'execute'>) =>
  (await db.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`)).map((r) => r.statement);

describe('the pool’s queries', () => {
  it('run as named statements, prepared once per connection, in and out of transactions', async () => {
    const byName = (name: string) =>
      handle.db.select({ id: organisation.id }).from(organisation).where(eq(organisation.name, name));
    await byName('No such organisation');
    await byName('Another that does not exist');
    const outside = await preparedTexts(handle.db);
    expect(outside.filter((s) => s.includes('from "organisation" where "organisation"."name" = $1'))).toHaveLength(1);

    const inside = await handle.db.transaction(async (tx) => {
      await tx.select({ id: organisation.id }).from(organisation).where(eq(organisation.id, crypto.randomUUID()));
      return preparedTexts(tx);
    });
    expect(inside.some((s) => s.includes('where "organisation"."id" = $1'))).toBe(true);
  });

  it('leave parameterless text as a simple query, so a script of several statements still runs', async () => {
    const rows = await handle.db.execute(sql.raw('select 41 as a; select 42 as answer'));
    expect(JSON.stringify(rows)).toContain('42');
    expect((await preparedTexts(handle.db)).some((s) => s.includes('42 as answer'))).toBe(false);
  });
});
