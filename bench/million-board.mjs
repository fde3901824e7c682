// The live board alone, for quick A/B work on listOnSiteVisits (bench/million.mjs records the figures): the visit log
// data without its audit trail, the busiest site's board as the departures page keeps it, and in alternating turns
// pgbench of the SQL listOnSiteVisits sends, listOnSiteVisits itself, the board as drizzle built it on every call
// before, and the same statement through postgres.js alone (the floor), so each rate is a share of pgbench in the
// same minute.
// With --profile-seconds=N it then calls listOnSiteVisits alone for N seconds (run under `node --cpu-prof`).
//
//   node --import tsx bench/million-board.mjs [--visits=100000] [--seconds=3] [--rounds=3] [--clients=2]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, listOnSiteVisits } from '@threshold/db';
import { startTestDatabase } from '@threshold/db/testing';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { escortAssignment } from '../packages/db/src/schema/escort.ts';
import { staff } from '../packages/db/src/schema/staff.ts';
import { visit } from '../packages/db/src/schema/visit.ts';
import {
  appRate,
  fill,
  log,
  option,
  pgbenchRun,
  recordOldDepartures,
  requirePgbench,
  sentSql,
} from './million-data.mjs';

const VISITS = option('visits', 100_000);
const SECONDS = option('seconds', 3);
const ROUNDS = option('rounds', 3);
const CLIENTS = option('clients', 2);
const PROFILE_SECONDS = option('profile-seconds', 0);
const SITE = '00000000-0000-4000-8001-000000000001';

requirePgbench();
const database = await startTestDatabase();
const work = await mkdtemp(join(tmpdir(), 'threshold-board-'));
const handle = createDb(database.appUrl, { max: CLIENTS });
try {
  await fill(database.ownerUrl, { visits: VISITS });
  log(`recorded the departure of ${await recordOldDepartures(database.ownerUrl)} visits more than a week old`);
  const query = await sentSql(database.appUrl, (db) => listOnSiteVisits(db, { siteIds: [SITE] }));
  const now = () => listOnSiteVisits(handle.db, { siteIds: [SITE] });
  const before = () => boardAsBuiltEachCall(handle.db, [SITE]);
  // The floor: the same statement through the driver, rows left as it parses them (nothing decrypted or shaped).
  const driverOnly = () => handle.sql.unsafe(query.sql, [[SITE]]);
  const rows = (await now()).length;
  if (JSON.stringify(await now()) !== JSON.stringify(await before()))
    throw new Error('listOnSiteVisits no longer returns what the board returned before');
  log(`${rows} visits on site`);
  for (let round = 0; round < ROUNDS; round++) {
    const bench = await pgbenchRun(database.appUrl, query, {
      key: `board-${round}`,
      work,
      clients: CLIENTS,
      seconds: SECONDS,
    });
    const app = await measured(now);
    const old = await measured(before);
    const driver = await measured(driverOnly);
    const share = (r) => `${((r.rate / bench.rate) * 100).toFixed(0)}%`;
    const what = (r) =>
      `${r.rate.toFixed(0)}/s (${share(r)}) p95 ${r.p95.toFixed(2)} ms, node ${r.cpuUs.toFixed(0)} µs CPU a call`;
    log(
      `round ${round + 1}: pgbench ${bench.rate.toFixed(0)}/s p95 ${bench.p95.toFixed(2)} ms; ` +
        `listOnSiteVisits ${what(app)}; built each call ${what(old)}; postgres.js alone ${what(driver)}`,
    );
  }
  if (PROFILE_SECONDS > 0) {
    const run = await appRate(now, { clients: CLIENTS, seconds: PROFILE_SECONDS });
    log(`profiled: ${run.rate.toFixed(0)}/s`);
  }
} finally {
  await handle.close();
  await database.stop();
  await rm(work, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);

/** appRate, with this process's CPU time (user and system) per call: steadier than rates on a shared machine. */
async function measured(call) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const run = await appRate(call, { clients: CLIENTS, seconds: SECONDS });
  const used = process.cpuUsage(cpu);
  const calls = (run.rate * (performance.now() - t0)) / 1000;
  return { ...run, cpuUs: (used.user + used.system) / calls };
}

/** The board's query as listOnSiteVisits built it before it was prepared: the reference for what it returns. */
function boardAsBuiltEachCall(db, siteIds) {
  const escortStaff = alias(staff, 'escort_staff');
  const handoverStaff = alias(staff, 'handover_staff');
  return db
    .select({
      id: visit.id,
      siteId: visit.siteId,
      visitorName: visit.visitorName,
      visitorOrganisation: visit.visitorOrganisation,
      category: visit.category,
      state: visit.state,
      signedInAt: visit.signedInAt,
      escortStaffId: escortAssignment.staffId,
      escortName: escortStaff.name,
      escortConfirmedAt: escortAssignment.confirmedAt,
      handoverToName: handoverStaff.name,
      openAlerts: sql`array(select al.kind from alert al
        where al.visit_id = visit.id and al.acknowledged_at is null order by al.raised_at)`,
    })
    .from(visit)
    .leftJoin(escortAssignment, and(eq(escortAssignment.visitId, visit.id), isNull(escortAssignment.endedAt)))
    .leftJoin(escortStaff, eq(escortStaff.id, escortAssignment.staffId))
    .leftJoin(handoverStaff, eq(handoverStaff.id, escortAssignment.offeredToStaffId))
    .where(and(inArray(visit.siteId, siteIds), isNull(visit.signedOutAt)))
    .orderBy(desc(visit.signedInAt));
}
