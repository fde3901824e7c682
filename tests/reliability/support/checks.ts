import { setTimeout as sleep } from 'node:timers/promises';
import { type AuditChainAnchor, createDb, decryptValue, namePrefixQuery, verifyAuditChain } from '@threshold/db';
import type { AcknowledgedSignIn, AcknowledgedSignOut } from './kiosks.ts';

/** What the database holds against what the kiosks were told, for one scenario's visitors (by name prefix). */
export interface StoreReport {
  acknowledged: number;
  stored: number;
  /** Acknowledged names with no visit row. */
  lost: string[];
  /** Names with more than one visit row (one journey stored twice). */
  duplicated: string[];
  /** Everything else that breaks "stored exactly once, as acknowledged": one line each. */
  problems: string[];
  /** Stored visits with more than one escort-check job (harmless to visitors: the check is idempotent). */
  doubledEscortChecks: number;
}

interface VisitRow {
  id: string;
  name: string;
  code: string;
  state: string;
  signedOut: boolean;
  signedInAudits: number;
  signedOutAudits: number;
  escortChecks: number;
}

/** The owner's view of the database (it sees every table, including pg-boss's). */
export function ownerDatabase(ownerUrl: string) {
  return createDb(ownerUrl, { max: 2, applicationName: 'threshold-fault-checks' });
}
type OwnerDb = ReturnType<typeof ownerDatabase>;

/**
 * Acknowledged == stored exactly once: each acknowledged name has one visit row whose code is the receipt's, one
 * `visit.signed_in` audit row and a scheduled escort-check job; acknowledged sign-outs are signed out (once, with
 * one audit row) and nothing else is; no row exists that no kiosk was told about.
 */
export async function checkStore(
  owner: OwnerDb,
  prefix: string,
  signIns: AcknowledgedSignIn[],
  signOuts: AcknowledgedSignOut[],
): Promise<StoreReport> {
  const rows = await owner.sql<(Omit<VisitRow, 'name'> & { name: Buffer })[]>`
    select v.id, v.visitor_name as name, v.visit_code as code, v.state,
           v.signed_out_at is not null as "signedOut",
           (select count(*)::int from audit_event a where a.visit_id = v.id and a.type = 'visit.signed_in')
             as "signedInAudits",
           (select count(*)::int from audit_event a where a.visit_id = v.id and a.type = 'visit.signed_out')
             as "signedOutAudits",
           (select count(*)::int from (
              select 1 from pgboss.job j where j.name = 'escort-check' and j.singleton_key = 'escort-check:' || v.id
              union all
              select 1 from pgboss.archive j where j.name = 'escort-check' and j.singleton_key = 'escort-check:' || v.id
            ) jobs) as "escortChecks"
      from visit v
     where v.visitor_name_index @> ${namePrefixQuery(prefix)}::text[]`;
  // Names are stored encrypted: the blind index finds candidates, the decrypted name decides.
  const byName = new Map<string, VisitRow[]>();
  for (const sealed of rows) {
    const row = { ...sealed, name: decryptValue(sealed.name) };
    if (row.name.startsWith(`${prefix} `)) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  }
  const acknowledged = new Map(signIns.map((s) => [s.name, s]));
  const leftSite = new Set(signOuts.map((s) => s.name));
  const problems: string[] = [];
  const lost: string[] = [];
  for (const [name, ack] of acknowledged) {
    const stored = byName.get(name) ?? [];
    if (stored.length === 0) lost.push(name);
    for (const row of stored) {
      if (row.code !== ack.visitCode) problems.push(`${name}: stored code ${row.code}, receipt said ${ack.visitCode}`);
    }
  }
  const duplicated = [...byName].filter(([, stored]) => stored.length > 1).map(([name]) => name);
  for (const [name, stored] of byName) {
    if (!acknowledged.has(name)) problems.push(`${name}: stored, but no kiosk was told it succeeded`);
    for (const row of stored) {
      if (row.signedInAudits !== 1) problems.push(`${name}: ${row.signedInAudits} visit.signed_in audit rows`);
      if (row.escortChecks === 0) problems.push(`${name}: no escort-check job`);
      const shouldBeOut = leftSite.has(name);
      if (shouldBeOut && !(row.signedOut && row.state === 'signed_out')) {
        problems.push(`${name}: sign-out acknowledged, but the visit is ${row.state}`);
      }
      if (!shouldBeOut && row.signedOut) problems.push(`${name}: signed out, but no sign-out was acknowledged`);
      if (row.signedOutAudits !== (shouldBeOut ? 1 : 0)) {
        problems.push(`${name}: ${row.signedOutAudits} visit.signed_out audit rows`);
      }
    }
  }
  return {
    acknowledged: acknowledged.size,
    stored: rows.length,
    lost,
    duplicated,
    problems,
    doubledEscortChecks: rows.filter((r) => r.escortChecks > 1).length,
  };
}

/** Waits for the server's worker to hand on every job_outbox row; returns how many are left at the deadline. */
export async function waitForOutboxDrained(owner: OwnerDb, withinMs = 60_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [row] = await owner.sql<{ n: number }[]>`select count(*)::int as n from job_outbox`;
    const left = row?.n ?? 0;
    if (left === 0 || Date.now() > deadline) return left;
    await sleep(250);
  }
}

/** Waits for the server's sealer to link every audit row into its chain; returns how many are left unsealed. */
export async function waitForAuditSealed(owner: OwnerDb, withinMs = 60_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [row] = await owner.sql<{ n: number }[]>`select count(*)::int as n from audit_event where hash is null`;
    const left = row?.n ?? 0;
    if (left === 0 || Date.now() > deadline) return left;
    await sleep(250);
  }
}

/**
 * Verifies every organisation's audit chain, against the last chain head the server logged for it where there is
 * one (so rows lost from the end of a chain — say, a seal the log saw but the database forgot — are caught too).
 * Returns one line per broken chain.
 */
export async function brokenAuditChains(owner: OwnerDb, loggedHeads: Map<string, AuditChainAnchor>) {
  const organisations = await owner.sql<{ id: string }[]>`select id from organisation`;
  const broken: string[] = [];
  for (const { id } of organisations) {
    const report = await verifyAuditChain(owner.db, { organisationId: id, anchor: loggedHeads.get(id) });
    if (!report.intact) broken.push(`${id}: broken at ${report.firstBrokenId ?? 'its end'}: ${report.reason}`);
  }
  return broken;
}

/** The last chain head per organisation in the server's log lines (`[audit] chain head ORG:SEQ:HASH`). */
export function loggedAuditHeads(output: string): Map<string, AuditChainAnchor> {
  const heads = new Map<string, AuditChainAnchor>();
  for (const match of output.matchAll(/\[audit\] chain head ([0-9a-f-]{36}):(\d+):([0-9a-f]{64})/g)) {
    const [, organisationId, seq, hash] = match;
    if (organisationId && seq && hash) heads.set(organisationId, { seq: Number(seq), hash });
  }
  return heads;
}

/**
 * The kiosks' wrong-visit-code counters (sign-out's guessing limit) that are above zero. The simulated kiosks only
 * ever send right codes, so any count here is a legitimate sign-out the limiter kept counting (a failed attempt is
 * never taken back); at more than 5 in 10 minutes the device refuses every sign-out with 429.
 */
export async function wrongCodeCounters(owner: OwnerDb): Promise<{ key: string; count: number }[]> {
  return owner.sql<{ key: string; count: number }[]>`
    select key, count from rate_limit where key like 'kiosk-wrong-code:%' and count > 0 order by count desc`;
}
