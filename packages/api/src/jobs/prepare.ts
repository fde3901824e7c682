import { createDb, type DbHandle } from '@threshold/db';
import PgBoss from 'pg-boss';
import { type JobCatalogue, jobCatalogue } from './catalogue.ts';

/** pg-boss's own schema (its default), spelled out because the grants below name it. */
export const JOB_SCHEMA = 'pgboss';

/** The queue pg-boss's timekeeper puts due cron runs in; a queue needs a table, so the owner creates it. */
export const CRON_QUEUE = '__pgboss__send-it';

// Any fixed key: servers starting at the same moment prepare the schema one after the other. Without it, four
// first starts on a new database deadlocked inside pg-boss's schema creation, and concurrent GRANTs on one
// object can fail ("tuple concurrently updated").
const PREPARE_LOCK = 7_215_640_001;

/**
 * How every queue behaves. Policy `short` allows one *waiting* job per singleton key, which is what makes
 * scheduling the same check twice create one job. A job still active after `expireInSeconds` (its process
 * died) is failed by pg-boss's maintenance and retried, with backoff, up to `retryLimit` times.
 */
export const queueOptions = {
  policy: 'short',
  retryLimit: 5,
  retryDelay: 10,
  retryBackoff: true,
  expireInSeconds: 60,
} satisfies Omit<PgBoss.Queue, 'name'>;

/**
 * Creates or upgrades pg-boss's schema and one queue per catalogue entry as the owner role, then lets the
 * application role read and write its rows but not create or alter anything: pg-boss makes a table per queue,
 * so queues exist before the server's own pg-boss starts (with `migrate: false`). Without `appRole` the owner
 * is also the application role and needs no grants. Safe on every start and from several processes at once.
 */
export async function prepareJobSchema(
  ownerUrl: string,
  options: { appRole?: string; catalogue?: JobCatalogue } = {},
): Promise<void> {
  // One connection, so the session lock below is held by every statement here and released when it closes.
  const handle = createDb(ownerUrl, { max: 1 });
  try {
    await handle.sql`select pg_advisory_lock(${PREPARE_LOCK})`;
    await createQueues(ownerUrl, Object.keys(options.catalogue ?? jobCatalogue));
    if (options.appRole) await grantAppRole(handle.sql, options.appRole);
  } finally {
    await handle.close();
  }
}

async function createQueues(ownerUrl: string, names: string[]): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, max: 1, migrate: true, supervise: false, schedule: false });
  // Only an idle connection dropped by the server is reported here; a failed query rejects the call below.
  boss.on('error', () => {});
  await boss.start();
  try {
    // With pg-boss's own options, as its timekeeper would have created it.
    await boss.createQueue(CRON_QUEUE);
    for (const name of names) {
      await boss.createQueue(name, { name, ...queueOptions });
      // createQueue leaves an existing queue as it was; this applies changed options to it.
      await boss.updateQueue(name, { name, ...queueOptions });
    }
  } finally {
    await boss.stop({ graceful: false });
  }
}

async function grantAppRole(sql: DbHandle['sql'], role: string): Promise<void> {
  const [schema, app] = [sql(JOB_SCHEMA), sql(role)];
  await sql`grant usage on schema ${schema} to ${app}`;
  await sql`grant select, insert, update, delete on all tables in schema ${schema} to ${app}`;
  // pg-boss 10 uses none; a later pg-boss migration may add one.
  await sql`grant usage, select on all sequences in schema ${schema} to ${app}`;
}
