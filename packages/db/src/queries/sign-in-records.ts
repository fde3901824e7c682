import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { placeholderRows } from '../prepared-query.ts';
import { preparedSqlVariants } from '../prepared-sql.ts';
import { auditEvent } from '../schema/audit.ts';
import { visitScreening } from '../schema/deny-list.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { jobOutbox } from '../schema/system.ts';
import { visitAcknowledgement, visitSignature } from '../schema/visit-records.ts';
import type { AuditRow } from './audit.ts';
import { bindRateLimitHits, type RateLimitHit, rateLimitHitsSql } from './rate-limit.ts';
import type { ScreeningOutcome } from './screening.ts';
import type { VisitAcknowledgementRow, VisitSignatureRow } from './visit-records.ts';

/** Everything a kiosk sign-in writes beside its visit row, and the two answers it waits for. */
export interface SignInRecords {
  /** Windows this sign-in is counted against; their counts come back in this order. */
  limits: readonly RateLimitHit[];
  /**
   * Whether another tablet holds the code for a sign-in of its own (a visitor on site carrying it fails the visit's
   * insert, by its unique index).
   */
  codeCheck: { siteId: string; deviceId: string; code: string } | null;
  /** The tablet's reservation of the code it used, removed. */
  consumedCode: { siteId: string; deviceId: string; code: string } | null;
  signature: VisitSignatureRow;
  acknowledgements: readonly VisitAcknowledgementRow[];
  /** The emailed copy of the signed form, when the visitor asked for one. */
  copy: { organisationId: string; siteId: string; visitId: string; template: string; toAddress: string } | null;
  screening: {
    visitId: string;
    organisationId: string;
    siteId: string;
    outcome: ScreeningOutcome;
    matchedEntryIds: string[];
    screenedAt: Date;
  };
  audits: readonly AuditRow[];
  /** Work to follow the commit (see job_outbox). */
  jobs: readonly { kind: string; payload: object }[];
}

/**
 * Writes a sign-in's records in one statement (its parts as data-modifying common table expressions), in the
 * transaction of the visit they belong to. Each statement costs PostgreSQL and the server about as much again in
 * protocol and executor overhead as these small inserts do, and every kiosk sign-in runs this. The visit itself is a
 * statement of its own before it, so that a resent sign-in (its visit not inserted) is told apart: these rows then
 * fail their foreign keys and the transaction rolls back.
 */
export async function writeSignInRecords(
  tx: DbOrTx,
  records: SignInRecords,
): Promise<{ counts: number[]; codeTaken: boolean }> {
  const values: Record<string, unknown> = {};
  bindRateLimitHits(values, records.limits, 'l_');
  if (records.codeCheck) {
    const { siteId, deviceId, code } = records.codeCheck;
    Object.assign(values, { c_site: siteId, c_device: deviceId, c_code: code });
  }
  if (records.consumedCode) {
    const { siteId, deviceId, code } = records.consumedCode;
    Object.assign(values, { r_site: siteId, r_device: deviceId, r_code: code });
  }
  signatures.bind(values, [records.signature]);
  acknowledgements.bind(values, records.acknowledgements);
  if (records.copy) copies.bind(values, [records.copy]);
  screenings.bind(values, [records.screening]);
  audits.bind(values, records.audits);
  jobs.bind(values, records.jobs);
  const [row] = await statement(tx, records, values);
  if (!row || row.counts.length !== records.limits.length) throw new Error('sign-in records returned no answer');
  return { counts: row.counts, codeTaken: row.taken };
}

const signatures = placeholderRows(
  visitSignature,
  [
    'visitId',
    'documentId',
    'documentSha256',
    'typedName',
    'signaturePng',
    'signedAt',
    'referenceHash',
    'reusedFromVisitId',
  ],
  's_',
);
const acknowledgements = placeholderRows(
  visitAcknowledgement,
  ['visitId', 'documentId', 'kind', 'documentSha256', 'acknowledgedAt'],
  'a_',
);
const copies = placeholderRows(outboxMessage, ['organisationId', 'siteId', 'visitId', 'template', 'toAddress'], 'o_');
const screenings = placeholderRows(
  visitScreening,
  ['visitId', 'organisationId', 'siteId', 'outcome', 'matchedEntryIds', 'screenedAt'],
  'd_',
);
const audits = placeholderRows(
  auditEvent,
  ['organisationId', 'siteId', 'actorType', 'actorId', 'type', 'visitId', 'data'],
  'e_',
);
const jobs = placeholderRows(jobOutbox, ['kind', 'payload'], 'j_');

// One statement per shape (how many limits, acknowledgements, audit events and jobs; which parts are present).
const statement = preparedSqlVariants<SignInRecords, { counts: number[]; taken: boolean }>(
  (r, db) => {
    const hits = rateLimitHitsSql(r.limits.length, 'l_');
    const inserts = [
      sql`signature as (${signatures.insert(db, 1).getSQL()})`,
      r.acknowledgements.length > 0 &&
        sql`acknowledgements as (${acknowledgements.insert(db, r.acknowledgements.length).getSQL()})`,
      r.copy && sql`copy as (${copies.insert(db, 1).getSQL()})`,
      sql`screening as (${screenings.insert(db, 1).getSQL()})`,
      r.audits.length > 0 && sql`audits as (${audits.insert(db, r.audits.length).getSQL()})`,
      r.jobs.length > 0 && sql`jobs as (${jobs.insert(db, r.jobs.length).getSQL()})`,
      r.consumedCode &&
        sql`consumed as (delete from kiosk_visit_code where site_id = ${sql.placeholder('r_site')}
          and code = ${sql.placeholder('r_code')} and device_id = ${sql.placeholder('r_device')})`,
    ].filter((part) => part !== false && part !== null);
    const taken = r.codeCheck
      ? sql`exists (select 1 from kiosk_visit_code c where c.site_id = ${sql.placeholder('c_site')}
                     and c.code = ${sql.placeholder('c_code')} and c.device_id <> ${sql.placeholder('c_device')})`
      : sql`false`;
    return sql`with ${sql.join([...hits.ctes, ...inserts], sql`, `)}
      select ${hits.counts} as counts, ${taken} as taken`;
  },
  (r) =>
    `${r.limits.length}/${r.codeCheck ? 1 : 0}/${r.consumedCode ? 1 : 0}/${r.acknowledgements.length}/` +
    `${r.copy ? 1 : 0}/${r.audits.length}/${r.jobs.length}`,
);
