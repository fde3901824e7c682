import { createHash } from 'node:crypto';

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
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function canonicalAuditRow(row: ChainContent): string {
  return canonicalJson({
    id: row.id,
    organisation_id: row.organisationId,
    site_id: row.siteId,
    occurred_at: row.occurredAt,
    actor_type: row.actorType,
    actor_id: row.actorId,
    type: row.type,
    visit_id: row.visitId,
    data: row.data,
  });
}

/**
 * sha256(prev_hash || canonical(row)) in hex. The first link of an organisation's chain has no previous hash and
 * uses the empty string; every hash is 64 hex characters, so the concatenation cannot be ambiguous.
 */
export function chainHash(prevHash: string | null, row: ChainContent): string {
  return createHash('sha256')
    .update(prevHash ?? '')
    .update(canonicalAuditRow(row))
    .digest('hex');
}
