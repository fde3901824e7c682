import { and, asc, desc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { type ChainContent, chainHash } from '../audit/chain-hash.ts';
import type { Db, DbOrTx } from '../client.ts';
import { auditEvent } from '../schema/audit.ts';

const content = {
  id: auditEvent.id,
  organisationId: auditEvent.organisationId,
  siteId: auditEvent.siteId,
  // Exact to the microsecond, as stored; a JS Date would round it to milliseconds and hide an edit below that.
  occurredAt: sql<string>`to_char(${auditEvent.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  actorType: auditEvent.actorType,
  actorId: auditEvent.actorId,
  type: auditEvent.type,
  visitId: auditEvent.visitId,
  data: auditEvent.data,
};

export interface SealOptions {
  /** Seal one organisation's chain; all organisations with unsealed rows when omitted. */
  organisationId?: string;
  /**
   * Leave rows younger than this (by occurred_at, the inserting transaction's start) for a later pass. Not needed
   * for correctness — see sealOrganisation — it only keeps seq order close to id order. Default 2000 ms.
   */
  graceMs?: number;
  /** Rows per sealing transaction (default 500), so a backlog never holds one long lock. */
  batchSize?: number;
  /** Told each organisation's new chain head after a pass sealed rows of it. */
  onSealed?: (organisationId: string, head: AuditChainAnchor) => void;
}

/**
 * A chain head noted outside the database (the server logs one as it seals). Verifying against it detects what the
 * chain alone cannot: rows cut from its end.
 */
export interface AuditChainAnchor {
  seq: number;
  hash: string;
}

/** Links every committed, unsealed audit row into its organisation's hash chain. Returns how many it sealed. */
export async function sealAuditChain(db: Db, options: SealOptions = {}): Promise<number> {
  const organisations = options.organisationId
    ? [options.organisationId]
    : (
        await db
          .selectDistinct({ organisationId: auditEvent.organisationId })
          .from(auditEvent)
          .where(isNull(auditEvent.hash))
      ).map((r) => r.organisationId);
  let sealed = 0;
  for (const organisationId of organisations) {
    const pass = await sealOrganisation(db, organisationId, options.graceMs ?? 2000, options.batchSize ?? 500);
    sealed += pass.sealed;
    if (pass.head) options.onSealed?.(organisationId, pass.head);
  }
  return sealed;
}

/**
 * Why sealing cannot miss or mis-chain a row whose transaction commits late (after a row with a higher id was
 * sealed): the chain's order is seq, the order of sealing, not id. "Unsealed" is a state of the row itself
 * (hash is null), not a cursor position, so a late row is simply picked up by the next pass and linked onto the
 * current head. We never assume that everything below some id is final, which is the mistake that would lose rows.
 * The grace period only makes such late arrivals rare, so seq usually follows id; verification never relies on it.
 * Rows of uncommitted transactions are invisible here, so nothing is sealed before it is final.
 */
async function sealOrganisation(db: Db, organisationId: string, graceMs: number, batchSize: number) {
  let sealed = 0;
  let newHead: AuditChainAnchor | null = null;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      // One sealer per organisation at a time (across processes); other organisations and inserts are not blocked.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit-seal:${organisationId}`}))`);
      // Read after taking the lock, so both see what the previous holder committed.
      const [head] = await tx
        .select({ seq: auditEvent.seq, hash: auditEvent.hash })
        .from(auditEvent)
        .where(and(eq(auditEvent.organisationId, organisationId), isNotNull(auditEvent.seq)))
        .orderBy(desc(auditEvent.seq))
        .limit(1);
      const rows = await tx
        .select(content)
        .from(auditEvent)
        .where(
          and(
            eq(auditEvent.organisationId, organisationId),
            isNull(auditEvent.hash),
            lte(auditEvent.occurredAt, sql`now() - make_interval(secs => ${graceMs / 1000})`),
          ),
        )
        .orderBy(asc(auditEvent.id))
        .limit(batchSize);
      if (rows.length === 0) return null;
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? null;
      const links = rows.map((row) => {
        seq += 1;
        const hash = chainHash(prevHash, row);
        const link = { id: row.id, seq, prev_hash: prevHash, hash };
        prevHash = hash;
        return link;
      });
      // One statement per batch; the rows travel as one JSON parameter.
      await tx.execute(sql`
        update audit_event a
           set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
          from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(id bigint, seq bigint, prev_hash text, hash text)
         where a.id = v.id and a.hash is null`);
      const last = links.at(-1);
      return last ? { count: links.length, head: { seq: last.seq, hash: last.hash } } : null;
    });
    if (batch) {
      sealed += batch.count;
      newHead = batch.head;
    }
    if (!batch || batch.count < batchSize) return { sealed, head: newHead };
  }
}

export type AuditChainReport =
  | { intact: true; sealed: number; awaitingSeal: number; head: AuditChainAnchor | null }
  /** `firstBrokenId` is null when rows are missing from the end (found only against an anchor). */
  | { intact: false; firstBrokenId: number | null; reason: string };

/**
 * Recomputes an organisation's chain in seq order: seq must run 1, 2, 3… without gaps, each prev_hash must be the
 * hash before it, and each hash must match the row's content. Rows removed from the very end leave a valid chain;
 * given an `anchor` (a head noted outside the database), the chain must still hold that row with that hash.
 */
export async function verifyAuditChain(
  db: DbOrTx,
  params: { organisationId: string; batchSize?: number; anchor?: AuditChainAnchor | undefined },
): Promise<AuditChainReport> {
  const batchSize = params.batchSize ?? 2000;
  // Plain rows (no per-column mapping: verify reads millions), read as a promise that runs at once, unlike drizzle's
  // lazy queries, so the read-ahead below starts when asked for. Bigints arrive as text.
  const batchAfter = async (seq: number) => {
    const rows = await db.execute<Omit<ChainLink, 'id' | 'seq'> & { id: string; seq: string }>(sql`
      select id, organisation_id as "organisationId", site_id as "siteId", ${content.occurredAt} as "occurredAt",
             actor_type as "actorType", actor_id as "actorId", type, visit_id as "visitId", data,
             seq, prev_hash as "prevHash", hash
      from ${auditEvent}
      where organisation_id = ${params.organisationId} and seq > ${seq}
      order by seq
      limit ${batchSize}`);
    return rows.map((row): ChainLink => ({ ...row, id: Number(row.id), seq: Number(row.seq) }));
  };
  let lastSeq = 0;
  let lastHash: string | null = null;
  let rows = await batchAfter(0);
  for (;;) {
    // The next batch is read while this one is hashed (its keyset starts after this batch's last seq), so the
    // database and the hashing work at the same time.
    const tail = rows.at(-1)?.seq;
    const next = rows.length === batchSize && tail != null ? batchAfter(tail) : null;
    // A rejected read-ahead is awaited below, or dropped with the early return: never unhandled.
    next?.catch(() => {});
    for (const row of rows) {
      const broken =
        brokenLink(row, lastSeq, lastHash) ??
        (params.anchor?.seq === row.seq && params.anchor.hash !== row.hash
          ? 'hash differs from the chain head recorded outside the database'
          : null);
      if (broken) return { intact: false, firstBrokenId: row.id, reason: broken };
      lastSeq = row.seq ?? lastSeq;
      lastHash = row.hash;
    }
    if (!next) break;
    rows = await next;
  }
  if (params.anchor && params.anchor.seq > lastSeq) {
    return {
      intact: false,
      firstBrokenId: null,
      reason: `the chain ends at entry ${lastSeq}, but entry ${params.anchor.seq} was recorded outside the database: entries were removed from the end`,
    };
  }
  const [awaiting] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvent)
    .where(and(eq(auditEvent.organisationId, params.organisationId), isNull(auditEvent.hash)));
  return {
    intact: true,
    sealed: lastSeq,
    awaitingSeal: awaiting?.n ?? 0,
    head: lastHash === null ? null : { seq: lastSeq, hash: lastHash },
  };
}

type ChainLink = ChainContent & { seq: number | null; prevHash: string | null; hash: string | null };

function brokenLink(row: ChainLink, lastSeq: number, lastHash: string | null): string | null {
  if (row.seq !== lastSeq + 1) return `seq ${row.seq} follows ${lastSeq}: a row is missing`;
  if (row.prevHash !== lastHash) return 'prev_hash does not match the previous row';
  if (row.hash !== chainHash(lastHash, row)) return 'hash does not match the row content';
  return null;
}
