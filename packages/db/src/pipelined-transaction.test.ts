import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { transactionWithPipelinedBegin } from './pipelined-transaction.ts';
import { organisation } from './schema/organisation.ts';

// One connection: a transaction left open on it would block or spoil every later test.
const handle = createDb(inject('databaseUrl'), { max: 1 });
afterAll(() => handle.close());

const named = (name: string) => handle.db.select().from(organisation).where(eq(organisation.name, name));

class Refused extends Error {}

describe('a transaction whose BEGIN goes with its first statements', () => {
  it('commits what its statements wrote, and answers what the callback returned', async () => {
    const name = `kept ${randomUUID()}`;
    const id = await transactionWithPipelinedBegin(handle.db, async (tx) => {
      const [row] = await tx.insert(organisation).values({ name }).returning({ id: organisation.id });
      return row?.id;
    });
    expect(await named(name)).toEqual([expect.objectContaining({ id, name })]);
  });

  it('runs its statements inside one transaction, not each on its own', async () => {
    const ids = await transactionWithPipelinedBegin(handle.db, async (tx) => {
      const [first, second] = await Promise.all([
        tx.execute<{ xid: string }>(sql`select txid_current()::text as xid`),
        tx.execute<{ xid: string }>(sql`select txid_current()::text as xid`),
      ]);
      return [first[0]?.xid, second[0]?.xid];
    });
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
  });

  it('answers relational queries (tx.query) inside the transaction, seeing its own uncommitted rows', async () => {
    const name = `related ${randomUUID()}`;
    const found = await transactionWithPipelinedBegin(handle.db, async (tx) => {
      await tx.insert(organisation).values({ name });
      return tx.query.organisation.findFirst({ where: (t, { eq }) => eq(t.name, name) });
    });
    expect(found).toEqual(expect.objectContaining({ name }));
  });

  it('rolls back everything when the callback throws, and leaves the connection fit for the next query', async () => {
    const name = `undone ${randomUUID()}`;
    await expect(
      transactionWithPipelinedBegin(handle.db, async (tx) => {
        await tx.insert(organisation).values({ name });
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(await named(name)).toEqual([]);
  });

  it('refuses to report a commit when a statement failed unnoticed (PostgreSQL answers COMMIT with ROLLBACK)', async () => {
    const name = `swallowed ${randomUUID()}`;
    await expect(
      transactionWithPipelinedBegin(handle.db, async (tx) => {
        await tx.insert(organisation).values({ name });
        await tx
          .insert(organisation)
          .values({ id: 'not a uuid', name })
          .catch(() => {});
      }),
    ).rejects.toThrow('rolled the transaction back instead of committing it');
    expect(await named(name)).toEqual([]);
  });
});
