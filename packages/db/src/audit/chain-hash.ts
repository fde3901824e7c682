import { hash } from 'node:crypto';

/** The fields a link of the audit chain commits to: everything an event says, never the chain columns. */
export interface ChainContent {
  id: number;
  organisationId: string;
  siteId: string | null;
  /** ISO 8601 in UTC with microseconds, read from PostgreSQL as text: a JS Date would drop the microseconds. */
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  type: string;
  visitId: string | null;
  data: unknown;
}

/** JSON with object keys sorted at every depth, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    // sort() without a comparator orders by UTF-16 code units, exactly as comparing with < does.
    const record = value as Record<string, unknown>;
    let members = '';
    for (const key of Object.keys(record).sort()) {
      members += `${members ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
    }
    return `{${members}}`;
  }
  return JSON.stringify(value);
}

/**
 * canonicalJson of the row under its column names, written out with the keys already in sorted order: the same
 * text, without sorting nine keys for every row (verify reads millions).
 */
export function canonicalAuditRow(row: ChainContent): string {
  return (
    `{"actor_id":${canonicalJson(row.actorId)},"actor_type":${canonicalJson(row.actorType)},` +
    `"data":${canonicalJson(row.data)},"id":${canonicalJson(row.id)},"occurred_at":${canonicalJson(row.occurredAt)},` +
    `"organisation_id":${canonicalJson(row.organisationId)},"site_id":${canonicalJson(row.siteId)},` +
    `"type":${canonicalJson(row.type)},"visit_id":${canonicalJson(row.visitId)}}`
  );
}

/**
 * sha256(prev_hash || canonical(row)) in hex. The first link of an organisation's chain has no previous hash and
 * uses the empty string; every hash is 64 hex characters, so the concatenation cannot be ambiguous. One-shot
 * `hash` (UTF-8, as `update` was) costs a fraction of a createHash object per row.
 */
export function chainHash(prevHash: string | null, row: ChainContent): string {
  return hash('sha256', `${prevHash ?? ''}${canonicalAuditRow(row)}`, 'hex');
}
