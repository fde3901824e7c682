import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { emailIndexToken } from '../crypto/blind-index.ts';
import { namePrefixQuery } from '../name-search.ts';
import { alert } from '../schema/alert.ts';
import { disclosureRequest, disclosureVisit } from '../schema/disclosure.ts';
import { escortAssignment } from '../schema/escort.ts';
import { site } from '../schema/organisation.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { safeguardingConcern, safeguardingHold } from '../schema/safeguarding.ts';
import { visit } from '../schema/visit.ts';
import { visitAcknowledgement, visitSignature } from '../schema/visit-records.ts';

// Subject access: everything held about one person, found by name or email through the blind indexes.

export interface SubjectTerms {
  name?: string | undefined;
  email?: string | undefined;
}

/**
 * The one place a person is matched to visits: by the name's word prefixes (the visit log's blind index) or by the
 * exact email address (its keyed hash). Either term may find them; null when neither holds anything to match.
 */
export function subjectMatch(terms: SubjectTerms): SQL | null {
  const byName = terms.name ? namePrefixQuery(terms.name) : null;
  const byEmail = terms.email ? emailIndexToken(terms.email) : null;
  const conditions = [
    byName === null ? undefined : sql`${visit.visitorNameIndex} @> ${byName}::text[]`,
    byEmail === null ? undefined : eq(visit.visitorEmailIndex, byEmail),
  ].filter((c): c is SQL => c !== undefined);
  return conditions.length === 0 ? null : (or(...conditions) ?? null);
}

/** The visits matching a person at the given sites, newest first, each with its active hold's reason if any. */
export async function findSubjectVisits(
  db: DbOrTx,
  params: SubjectTerms & { organisationId: string; siteIds: readonly string[]; limit: number },
) {
  const match = subjectMatch(params);
  if (match === null || params.siteIds.length === 0) return [];
  return db
    .select({
      id: visit.id,
      siteId: visit.siteId,
      siteName: site.name,
      siteTimeZone: site.timezone,
      visitorName: visit.visitorName,
      visitorEmail: visit.visitorEmail,
      visitorOrganisation: visit.visitorOrganisation,
      category: visit.category,
      state: visit.state,
      signedInAt: visit.signedInAt,
      signedOutAt: visit.signedOutAt,
      holdReason: safeguardingHold.reason,
    })
    .from(visit)
    .innerJoin(site, eq(site.id, visit.siteId))
    .leftJoin(safeguardingHold, and(eq(safeguardingHold.visitId, visit.id), isNull(safeguardingHold.releasedAt)))
    .where(and(eq(visit.organisationId, params.organisationId), inArray(visit.siteId, [...params.siteIds]), match))
    .orderBy(desc(visit.signedInAt), desc(visit.id))
    .limit(params.limit);
}

/**
 * The chosen visits that lie at the given sites, with each one's active hold (reason), for export or erasure.
 * `lock` (erasure) locks the visit rows, so a hold placed meanwhile either is seen or waits; an export reads only.
 */
export async function subjectVisitsAt(
  db: DbOrTx,
  params: { organisationId: string; siteIds: readonly string[]; visitIds: readonly string[]; lock: boolean },
) {
  if (params.visitIds.length === 0 || params.siteIds.length === 0) return [];
  const query = db
    .select({ id: visit.id, siteId: visit.siteId, holdReason: safeguardingHold.reason })
    .from(visit)
    .leftJoin(safeguardingHold, and(eq(safeguardingHold.visitId, visit.id), isNull(safeguardingHold.releasedAt)))
    .where(
      and(
        eq(visit.organisationId, params.organisationId),
        inArray(visit.siteId, [...params.siteIds]),
        inArray(visit.id, [...params.visitIds]),
      ),
    )
    .orderBy(asc(visit.signedInAt), asc(visit.id));
  return params.lock ? query.for('update', { of: visit }) : query;
}

const byVisit = <T extends { visitId: string | null }>(rows: T[], id: string) => rows.filter((r) => r.visitId === id);

/** Every record held for the chosen visits (ids already checked against the coordinator's sites), oldest first. */
export async function getSubjectRecords(db: DbOrTx, params: { visitIds: readonly string[] }) {
  const ids = [...params.visitIds];
  if (ids.length === 0) return [];
  const visits = await db
    .select({
      id: visit.id,
      siteId: visit.siteId,
      siteName: site.name,
      visitorName: visit.visitorName,
      visitorEmail: visit.visitorEmail,
      visitorOrganisation: visit.visitorOrganisation,
      category: visit.category,
      purpose: visit.purpose,
      hostName: visit.hostName,
      hostStaffId: visit.hostStaffId,
      language: visit.language,
      state: visit.state,
      visitCode: visit.visitCode,
      signedInAt: visit.signedInAt,
      signedOutAt: visit.signedOutAt,
      recordedAt: visit.recordedAt,
      signOutNote: visit.signOutNote,
    })
    .from(visit)
    .innerJoin(site, eq(site.id, visit.siteId))
    .where(inArray(visit.id, ids))
    .orderBy(asc(visit.signedInAt), asc(visit.id));
  const [signatures, acknowledgements, messages, alerts, escorts, holds, concerns, disclosures] = await Promise.all([
    db.select().from(visitSignature).where(inArray(visitSignature.visitId, ids)),
    db.select().from(visitAcknowledgement).where(inArray(visitAcknowledgement.visitId, ids)),
    db
      .select({
        visitId: outboxMessage.visitId,
        id: outboxMessage.id,
        template: outboxMessage.template,
        toAddress: outboxMessage.toAddress,
        status: outboxMessage.status,
        createdAt: outboxMessage.createdAt,
        sentAt: outboxMessage.sentAt,
      })
      .from(outboxMessage)
      .where(inArray(outboxMessage.visitId, ids)),
    db.select().from(alert).where(inArray(alert.visitId, ids)),
    db.select().from(escortAssignment).where(inArray(escortAssignment.visitId, ids)),
    db.select().from(safeguardingHold).where(inArray(safeguardingHold.visitId, ids)),
    db.select().from(safeguardingConcern).where(inArray(safeguardingConcern.visitId, ids)),
    db
      .select({
        visitId: disclosureVisit.visitId,
        id: disclosureRequest.id,
        requesterName: disclosureRequest.requesterName,
        agency: disclosureRequest.agency,
        receivedOn: disclosureRequest.receivedOn,
        requested: disclosureRequest.requested,
        consent: disclosureRequest.consent,
        toldOn: disclosureRequest.toldOn,
        released: disclosureRequest.released,
        releasedOn: disclosureRequest.releasedOn,
      })
      .from(disclosureVisit)
      .innerJoin(disclosureRequest, eq(disclosureRequest.id, disclosureVisit.disclosureId))
      .where(inArray(disclosureVisit.visitId, ids)),
  ]);
  return visits.map((v) => {
    const signature = signatures.find((s) => s.visitId === v.id);
    return {
      ...v,
      signature: signature
        ? {
            documentId: signature.documentId,
            documentSha256: signature.documentSha256,
            typedName: signature.typedName,
            signaturePng: signature.signaturePng,
            signedAt: signature.signedAt,
            reusedFromVisitId: signature.reusedFromVisitId,
          }
        : null,
      acknowledgements: byVisit(acknowledgements, v.id).map(({ visitId: _v, ...a }) => a),
      outboxMessages: byVisit(messages, v.id).map(({ visitId: _v, ...m }) => m),
      alerts: byVisit(alerts, v.id).map(({ visitId: _v, organisationId: _o, siteId: _s, ...a }) => a),
      escortAssignments: byVisit(escorts, v.id).map(({ visitId: _v, ...e }) => e),
      holds: byVisit(holds, v.id).map(({ visitId: _v, organisationId: _o, siteId: _s, ...hd }) => hd),
      concerns: byVisit(concerns, v.id).map(({ visitId: _v, organisationId: _o, siteId: _s, ...c }) => c),
      disclosures: byVisit(disclosures, v.id).map(({ visitId: _v, ...d }) => d),
    };
  });
}

export type SubjectRecord = Awaited<ReturnType<typeof getSubjectRecords>>[number];
