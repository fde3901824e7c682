import { type ServerType, serve } from '@hono/node-server';
import {
  type AfterCommitWorker,
  type AuditSealer,
  type Auth,
  afterCommitHandlers,
  createAuth,
  createJobs,
  createPairingCode,
  type DemoSeed,
  type Jobs,
  jobCatalogue,
  registerClosingSweep,
  registerVisitCheckHandlers,
  seedDemo,
  startAfterCommitWorker,
  startAuditSealer,
  startKioskCache,
  startSignInCache,
  type ThresholdJobCatalogue,
} from '@threshold/api';
import { createDatabaseGate, createDb, type DatabaseGate, type DbHandle, schema } from '@threshold/db';
import { createApp } from './app.ts';
import { formatAuditHead } from './audit-head.ts';
import { resolveAuthSecret } from './auth-secret.ts';
import { runningAt } from './banner.ts';
import { type ResolvedDatabase, resolveDatabase } from './database.ts';
import { prepareEncryption } from './encryption-keys.ts';
import type { Env } from './env.ts';
import { type LiveHub, startLiveHub } from './live-listener.ts';
import { reindexNamesAtStart } from './name-index.ts';
import { startOutboxWorker } from './outbox-worker.ts';
import { ownerUrlOf, setUpRetentionPurge } from './retention-job.ts';
import { trustedOrigins } from './same-origin.ts';
import { shutdownAwareLog } from './shutdown-log.ts';

export interface Running {
  url: string;
  mailMode: 'smtp' | 'outbox';
  database: ResolvedDatabase;
  demo: { seed: DemoSeed | null; pairingCode: string; siteName: string } | null;
  /** Durable timers (pg-boss), already started: register handlers with `jobs.work()`. */
  jobs: Jobs<ThresholdJobCatalogue>;
  stop: () => Promise<void>;
}

/** Starts everything the product needs on one port and returns how to stop it cleanly. */
export async function boot(env: Env, resolved?: ResolvedDatabase): Promise<Running> {
  // A cluster worker is handed the database its primary started and migrated.
  const database = resolved ?? (await resolveDatabase(env));
  let handle: DbHandle | null = null;
  let ownerHandle: DbHandle | null = null;
  let server: ServerType | null = null;
  let outbox: { stop: () => Promise<void> } | null = null;
  let jobs: Jobs<ThresholdJobCatalogue> | null = null;
  let retention: ReturnType<typeof setUpRetentionPurge> | null = null;
  let live: LiveHub | null = null;
  let sealer: AuditSealer | null = null;
  let afterCommit: AfterCommitWorker | null = null;
  let gate: DatabaseGate | null = null;
  let signInCache: { close: () => Promise<void> } | null = null;
  let kioskCache: { close: () => Promise<void> } | null = null;
  let stopping = false;
  const logError = shutdownAwareLog(() => stopping);
  const stop = async () => {
    stopping = true;
    // Open live streams would keep the HTTP server from closing: stop taking connections, end them, then wait.
    const closing = server ? new Promise<void>((done) => server?.close(() => done())) : null;
    if (live) await live.close();
    await closing;
    // After HTTP (nothing new is queued) and before the pool (handlers may still be using it). Rows it leaves are
    // handed on at the next start, or by another process.
    if (afterCommit) await afterCommit.stop();
    if (jobs) await jobs.stop();
    if (retention) await retention.close();
    if (outbox) await outbox.stop();
    // Its last pass may still be writing hashes; rows it leaves are sealed at the next start.
    if (sealer) await sealer.stop();
    if (gate) await gate.stop();
    if (signInCache) await signInCache.close();
    if (kioskCache) await kioskCache.close();
    if (handle) await handle.close();
    if (ownerHandle) await ownerHandle.close();
    if (database.embedded) await database.embedded.stop();
  };
  try {
    await prepareEncryption(env, database);
    // The embedded cluster's Unix socket for the request pool: a shorter round trip than loopback TCP.
    handle = createDb(database.embedded?.appSocketUrl ?? database.appUrl, { max: env.THRESHOLD_DB_POOL });
    await reindexNamesAtStart(handle.db);
    // Subject-access erasure deletes signed records, which only the owner role may do (a small pool: it is rare).
    const ownerUrl = database.embedded?.ownerUrl ?? env.DATABASE_OWNER_URL ?? env.DATABASE_URL;
    ownerHandle = ownerUrl ? createDb(ownerUrl, { max: 2 }) : null;
    const db = handle.db;
    jobs = createJobs({ appUrl: database.appUrl, catalogue: jobCatalogue, onError: logError });
    // The drain starts below; a check that fires before it has nothing to hurry.
    registerVisitCheckHandlers(jobs, db, () => afterCommit?.kick());
    retention = setUpRetentionPurge(jobs, ownerUrlOf(env, database));
    // Visits still open at a site's closing time become "departure unconfirmed" (never signed out on a guess).
    const closingSweep = registerClosingSweep(jobs, { db, afterEach: () => afterCommit?.kick() });
    await jobs.start();
    await retention.schedule();
    await closingSweep.schedule();
    const secret = await resolveAuthSecret(env, database);
    const origins = trustedOrigins(env);
    const auth = createAuth({
      db,
      secret,
      baseURL: env.publicUrl,
      trustedOrigins: origins,
    });
    // Demo data only ever goes into the embedded database, never into a configured one.
    const demo = database.embedded ? await prepareDemo(handle, auth) : null;
    live = await startLiveHub(database.appUrl);
    // Site settings and published documents kept in memory for kiosk sign-ins, forgotten on any change (NOTIFY).
    signInCache = await startSignInCache(database.appUrl);
    // The kiosk behind each token, forgotten on any revoke or change (NOTIFY) and not trusted while LISTEN is down.
    kioskCache = await startKioskCache(database.appUrl);
    // Links committed audit rows into each organisation's hash chain about once a second.
    // Heads go to the log (ids and hashes only): kept outside the database, they let `audit verify --head` notice
    // rows cut from the end of a chain.
    sealer = startAuditSealer({
      db,
      onError: logError,
      onHead: (organisationId, head) => console.log(`[audit] chain head ${formatAuditHead(organisationId, head)}`),
    });
    afterCommit = startAfterCommitWorker({ db, handlers: afterCommitHandlers(jobs), onError: logError });
    gate = createDatabaseGate(database.appUrl, { onChange: logDatabaseState });
    const app = createApp({
      db,
      auth,
      mailMode: env.SMTP_URL ? 'smtp' : 'outbox',
      live: live.listener,
      database: gate,
      afterCommit,
      publicUrl: env.publicUrl,
      trustedOrigins: origins,
      trustProxy: env.TRUST_PROXY,
      kioskHeartbeatSeconds: env.THRESHOLD_KIOSK_HEARTBEAT_SECONDS,
      ...(ownerHandle ? { ownerDb: ownerHandle.db } : {}),
    });
    if (env.SMTP_URL) outbox = startOutboxWorker(db, env.SMTP_URL, env.MAIL_FROM, env.THRESHOLD_OUTBOX_INTERVAL_MS);
    server = await new Promise<ServerType>((ready, fail) => {
      const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => ready(s));
      s.once('error', fail);
    });
    return {
      url: runningAt(env),
      mailMode: env.SMTP_URL ? 'smtp' : 'outbox',
      database,
      demo,
      jobs,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function logDatabaseState(open: boolean, since: Date | null) {
  if (open) console.log('[database] answering again: requests are served');
  else
    console.error(
      `[database] unreachable since ${since?.toISOString()}: requests are refused with 503 until it answers`,
    );
}

async function prepareDemo(handle: DbHandle, auth: Auth) {
  const seed = await seedDemo(handle.db, auth);
  const [site] = await handle.db.select().from(schema.site).orderBy(schema.site.createdAt).limit(1);
  if (!site) throw new Error('demo database has no site');
  const { code } = await createPairingCode(handle.db, {
    siteId: site.id,
    organisationId: site.organisationId,
    createdByStaffId: null,
    now: new Date(),
  });
  return { seed, pairingCode: code, siteName: site.name };
}
