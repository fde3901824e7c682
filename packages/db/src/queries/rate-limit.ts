import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';

/**
 * Counts one attempt against `key` in a fixed window and returns the count so far, atomically in a single
 * statement, so parallel attempts from one lobby cannot slip past the limit.
 */
export async function hitRateLimit(db: DbOrTx, params: { key: string; windowSeconds: number }): Promise<number> {
  const rows = await db.execute<{ count: number }>(sql`
    insert into rate_limit (key, window_started_at, count) values (${params.key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limit.window_started_at < now() - make_interval(secs => ${params.windowSeconds})
                   then 1 else rate_limit.count + 1 end,
      window_started_at = case when rate_limit.window_started_at < now() - make_interval(secs => ${params.windowSeconds})
                   then now() else rate_limit.window_started_at end
    returning count`);
  const row = rows[0];
  if (!row) throw new Error('rate limit upsert returned nothing');
  return row.count;
}

/** Takes back one counted attempt (it turned out to be a legitimate one). */
export async function refundRateLimit(db: DbOrTx, params: { key: string }): Promise<void> {
  await db.execute(sql`update rate_limit set count = greatest(count - 1, 0) where key = ${params.key}`);
}
