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
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Loops rather than map and join, and each key quoted once: verify runs this for millions of rows.
  if (Array.isArray(value)) {
    let items = '';
    let separator = '';
    for (const item of value) {
      // As join() wrote it: an item JSON cannot hold (undefined) as nothing.
      items += `${separator}${canonicalJson(item) ?? ''}`;
      separator = ',';
    }
    return `[${items}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // sort() without a comparator orders by UTF-16 code units, exactly as comparing with < does.
  if (keys.length > 1) keys.sort();
  let members = '';
  for (const key of keys) members += `${members ? ',' : ''}${quotedKey(key)}:${canonicalJson(record[key])}`;
  return `{${members}}`;
}

// Audit data uses a few dozen keys (the cap keeps unusual data from growing it).
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 1000) quotedKeys.set(key, quoted);
  }
  return quoted;
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
