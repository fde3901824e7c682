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

export interface RateLimitHit {
  key: string;
  windowSeconds: number;
}

/**
 * One attempt counted against each of `count` limits (different keys), one upsert per key as in hitRateLimit, as
 * common table expressions for a larger statement (`ctes`), and their counts, in order, as one int[] expression.
 * Names (of the expressions and placeholders) start with `prefix`, so the statement can hold other parts.
 */
export function rateLimitHitsSql(count: number, prefix: string) {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const ctes = indexes.map((i) => {
    const seconds = sql.placeholder(`${prefix}seconds${i}`);
    return sql`${sql.raw(`${prefix}h${i}`)} as (
    insert into rate_limit (key, window_started_at, count) values (${sql.placeholder(`${prefix}key${i}`)}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limit.window_started_at < now() - make_interval(secs => ${seconds})
                   then 1 else rate_limit.count + 1 end,
      window_started_at = case when rate_limit.window_started_at < now() - make_interval(secs => ${seconds})
                   then now() else rate_limit.window_started_at end
    returning count)`;
  });
  const counts = indexes.map((i) => sql.raw(`(select count from ${prefix}h${i})`));
  return { ctes, counts: sql`array[${sql.join(counts, sql`, `)}]::int[]` };
}

/** Fills the placeholders of rateLimitHitsSql. */
export function bindRateLimitHits(values: Record<string, unknown>, limits: readonly RateLimitHit[], prefix: string) {
  limits.forEach((l, i) => {
    values[`${prefix}key${i}`] = l.key;
    values[`${prefix}seconds${i}`] = l.windowSeconds;
  });
}

/** Takes back one counted attempt (it turned out to be a legitimate one). */
export async function refundRateLimit(db: DbOrTx, params: { key: string }): Promise<void> {
  await db.execute(sql`update rate_limit set count = greatest(count - 1, 0) where key = ${params.key}`);
}

/**
 * Books the next evaluation slot for `key` and returns how long the caller must wait for it (ms). A row used this
 * way holds, in `window_started_at`, when the slot after the last booked one opens (a generic cell rate algorithm):
 * `burst` attempts from idle go at once, after that one per `spacingMs`, however many arrive in parallel. No wait
 * exceeds `maxWaitMs`, so whoever comes after a flood still gets through in bounded time; beyond that point the
 * flood itself is evaluated only after the full wait. One statement, so parallel callers cannot share a slot.
 */
export async function bookRateLimitSlot(
  db: DbOrTx,
  params: { key: string; spacingMs: number; burst: number; maxWaitMs: number },
): Promise<number> {
  const spacing = sql`make_interval(secs => ${params.spacingMs / 1000})`;
  const tolerance = sql`make_interval(secs => ${((params.burst - 1) * params.spacingMs) / 1000})`;
  const maxWait = sql`make_interval(secs => ${params.maxWaitMs / 1000})`;
  const rows = await db.execute<{ wait_ms: number }>(sql`
    insert into rate_limit (key, window_started_at, count) values (${params.key}, now() + ${spacing}, 1)
    on conflict (key) do update set
      window_started_at = least(greatest(rate_limit.window_started_at, now()) + ${spacing},
                                now() + ${tolerance} + ${maxWait} + ${spacing}),
      count = rate_limit.count + 1
    returning greatest(0, least(
      extract(epoch from (window_started_at - ${spacing} - ${tolerance} - now())) * 1000,
      ${params.maxWaitMs}))::int as wait_ms`);
  const row = rows[0];
  if (!row) throw new Error('rate limit slot upsert returned nothing');
  return row.wait_ms;
}

/** Gives a booked slot back (the attempt was a legitimate one), so honest use never builds up a wait. */
export async function returnRateLimitSlot(db: DbOrTx, params: { key: string; spacingMs: number }): Promise<void> {
  await db.execute(sql`
    update rate_limit set window_started_at = window_started_at - make_interval(secs => ${params.spacingMs / 1000})
    where key = ${params.key}`);
}
