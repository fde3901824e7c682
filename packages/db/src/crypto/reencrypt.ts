import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { insertAuditEvent } from '../queries/audit.ts';
import { emailIndexToken, nameIndexTokens } from './blind-index.ts';
import { decryptBytes, encryptBytes, envelopeHeader } from './envelope.ts';
import { activeKeyring } from './keyring.ts';

const VISIT_COLUMNS = ['visitor_name', 'visitor_organisation', 'purpose', 'host_name', 'visitor_email'] as const;
const SIGNATURE_COLUMNS = ['typed_name', 'signature_png'] as const;

type VisitRow = { id: string } & Record<(typeof VISIT_COLUMNS)[number], Buffer | null>;
type SignatureRow = { id: string } & Record<(typeof SIGNATURE_COLUMNS)[number], Buffer | null>;

/** Counts of rows moved under the current key in one batch (or in all of them). */
export interface ReencryptCounts {
  visits: number;
  signatures: number;
  denyListEntries: number;
  screeningNotes: number;
  /** Emails waiting to be sent (or failed, kept to be queued again) with their recipient's address. */
  outboxMessages: number;
}

const countOf = (c: ReencryptCounts) =>
  c.visits + c.signatures + c.denyListEntries + c.screeningNotes + c.outboxMessages;

/** A table whose encrypted values are resealed as they are: no blind index or trigger goes with them. */
interface ResealedTable<C extends string> {
  table: string;
  key: string;
  columns: readonly C[];
}

// The deny list's hashes (deny_list_name) use the index key, which rotation never changes: only the values move.
const DENY_LIST_ENTRY: ResealedTable<'full_name' | 'aliases' | 'date_of_birth' | 'reason' | 'removal_note'> = {
  table: 'deny_list_entry',
  key: 'id',
  columns: ['full_name', 'aliases', 'date_of_birth', 'reason', 'removal_note'],
};
const SCREENING_NOTE: ResealedTable<'decision_note'> = {
  table: 'visit_screening',
  key: 'visit_id',
  columns: ['decision_note'],
};
// Sent messages hold no address (cleared on sending), so only pending and failed ones are found here.
const OUTBOX_MESSAGE: ResealedTable<'to_address'> = {
  table: 'outbox_message',
  key: 'id',
  columns: ['to_address'],
};

/** A stored value that does not start with the current key's header: older key, or clear from before 0015/0021. */
function staleCondition(columns: readonly string[], alias: string): SQL {
  const header = envelopeHeader(activeKeyring().current);
  return sql.join(
    columns.map(
      (c) =>
        sql`(${sql.raw(`${alias}.${c}`)} is not null and substring(${sql.raw(`${alias}.${c}`)} from 1 for ${header.length}) <> ${header})`,
    ),
    sql` or `,
  );
}

/**
 * The clear content of a stored value. Values written before migration 0015 (0021 for email addresses) are their
 * clear bytes (version byte
 * absent: UTF-8 text never starts with 0x01, and the validators refuse control characters; a PNG starts with 0x89).
 */
function opened(value: Buffer): Buffer {
  return value[0] === 1 ? decryptBytes(value) : value;
}

const reseal = (value: Buffer | null) => (value === null ? null : encryptBytes(opened(value)));

/** One batch of an organisation's rows of `spec.table` with a value under an older key, resealed; how many. */
async function resealBatch<C extends string>(
  tx: DbOrTx,
  spec: ResealedTable<C>,
  params: { organisationId: string; limit: number },
): Promise<number> {
  const rows = [
    ...(await tx.execute<{ id: string } & Record<C, Buffer | null>>(sql`
      select ${sql.raw(`t.${spec.key}`)} as id, ${sql.raw(spec.columns.map((c) => `t.${c}`).join(', '))}
      from ${sql.raw(spec.table)} t
      where t.organisation_id = ${params.organisationId} and (${staleCondition(spec.columns, 't')})
      order by ${sql.raw(`t.${spec.key}`)} limit ${params.limit} for update`)),
  ];
  for (const row of rows) {
    const values: Record<C, Buffer | null> = row;
    const assignments = spec.columns.map((c) => sql`${sql.raw(c)} = ${reseal(values[c])}`);
    await tx.execute(sql`
      update ${sql.raw(spec.table)} set ${sql.join(assignments, sql`, `)} where ${sql.raw(spec.key)} = ${row.id}`);
  }
  return rows.length;
}

/**
 * One batch of an organisation's encrypted values moved under the current key (visits, signatures, deny-list entries,
 * screening decision notes, outbox recipients; clear values from before 0015/0021 encrypted, blind indexes written),
 * with an audit row of the counts in the same transaction. Returns the counts; call again until all are 0.
 */
export async function reencryptBatch(
  db: DbOrTx,
  params: { organisationId: string; limit: number; via: 'cli' | 'start' },
): Promise<ReencryptCounts> {
  return db.transaction(async (tx) => {
    const visits = [
      ...(await tx.execute<VisitRow>(sql`
        select v.id, ${sql.raw(VISIT_COLUMNS.map((c) => `v.${c}`).join(', '))} from visit v
        where v.organisation_id = ${params.organisationId} and (${staleCondition(VISIT_COLUMNS, 'v')})
        order by v.id limit ${params.limit} for update`)),
    ];
    for (const row of visits) {
      const name = opened(row.visitor_name ?? Buffer.alloc(0)).toString('utf8');
      const email = row.visitor_email === null ? null : opened(row.visitor_email).toString('utf8');
      await tx.execute(sql`
        update visit set visitor_name = ${encryptBytes(Buffer.from(name, 'utf8'))},
          visitor_organisation = ${reseal(row.visitor_organisation)}, purpose = ${reseal(row.purpose)},
          host_name = ${reseal(row.host_name)}, visitor_email = ${reseal(row.visitor_email)},
          visitor_name_index = ${`{${nameIndexTokens(name).join(',')}}`}::text[],
          visitor_email_index = ${emailIndexToken(email)}
        where id = ${row.id}`);
    }
    const signatures = [
      ...(await tx.execute<SignatureRow>(sql`
        select s.visit_id as id, s.typed_name, s.signature_png from visit_signature s join visit v on v.id = s.visit_id
        where v.organisation_id = ${params.organisationId} and (${staleCondition(SIGNATURE_COLUMNS, 's')})
        order by s.visit_id limit ${params.limit} for update of s`)),
    ];
    // Signatures are otherwise unchangeable: the trigger lets this transaction re-encrypt them (migration 0015).
    if (signatures.length > 0) await tx.execute(sql`set local threshold.reencrypting = 'on'`);
    for (const row of signatures) {
      await tx.execute(sql`
        update visit_signature set typed_name = ${reseal(row.typed_name)}, signature_png = ${reseal(row.signature_png)}
        where visit_id = ${row.id}`);
    }
    const counts: ReencryptCounts = {
      visits: visits.length,
      signatures: signatures.length,
      denyListEntries: await resealBatch(tx, DENY_LIST_ENTRY, params),
      screeningNotes: await resealBatch(tx, SCREENING_NOTE, params),
      outboxMessages: await resealBatch(tx, OUTBOX_MESSAGE, params),
    };
    if (countOf(counts) > 0) {
      await insertAuditEvent(tx, {
        organisationId: params.organisationId,
        siteId: null,
        actorType: 'system',
        actorId: null,
        type: 'keys.reencrypted',
        visitId: null,
        data: { keyId: activeKeyring().current, ...counts, via: params.via },
      });
    }
    return counts;
  });
}

/** Every organisation's encrypted values under the current key, batch by batch; the totals. */
export async function reencryptAll(
  db: DbOrTx,
  params: {
    batchSize: number;
    via: 'cli' | 'start';
    onBatch?: (counts: ReencryptCounts) => void;
  },
): Promise<ReencryptCounts> {
  const total: ReencryptCounts = { visits: 0, signatures: 0, denyListEntries: 0, screeningNotes: 0, outboxMessages: 0 };
  const organisations = await db.execute<{ id: string }>(sql`select id from organisation order by id`);
  for (const { id } of organisations) {
    for (;;) {
      const counts = await reencryptBatch(db, { organisationId: id, limit: params.batchSize, via: params.via });
      if (countOf(counts) === 0) break;
      total.visits += counts.visits;
      total.signatures += counts.signatures;
      total.denyListEntries += counts.denyListEntries;
      total.screeningNotes += counts.screeningNotes;
      total.outboxMessages += counts.outboxMessages;
      params.onBatch?.(counts);
    }
  }
  return total;
}

/**
 * Whether any value predates encryption (migrations 0015 and 0021): checked at start so a server upgraded from clear
 * storage encrypts before it serves, instead of failing on every old visit it reads. Reads every visit: start-up runs
 * it only when a migration or the keys changed (clear-check.ts).
 */
export async function hasClearValues(db: DbOrTx): Promise<boolean> {
  const clear = (c: string) => sql.raw(`(${c} is not null and (length(${c}) = 0 or get_byte(${c}, 0) <> 1))`);
  const [row] = await db.execute<{ found: boolean }>(sql`
    select exists (select 1 from visit where ${sql.join(VISIT_COLUMNS.map(clear), sql` or `)})
        or exists (select 1 from visit_signature where ${sql.join(SIGNATURE_COLUMNS.map(clear), sql` or `)})
        or exists (select 1 from outbox_message where ${clear('to_address')}) as found`);
  return row?.found ?? false;
}
