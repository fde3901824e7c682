import type { AuditChainAnchor } from '@threshold/db';

/**
 * An organisation's audit chain head as one token, `ORGANISATION_ID:SEQ:HASH`: the server logs it as it seals, and
 * `audit verify --head TOKEN` checks the chain still reaches it (rows cut from the end go unnoticed otherwise).
 */
export function formatAuditHead(organisationId: string, head: AuditChainAnchor): string {
  return `${organisationId}:${head.seq}:${head.hash}`;
}

export function parseAuditHead(token: string): { organisationId: string; anchor: AuditChainAnchor } | null {
  const match = /^([0-9a-f-]{36}):(\d+):([0-9a-f]{64})$/.exec(token.trim());
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { organisationId: match[1], anchor: { seq: Number(match[2]), hash: match[3] } };
}
