import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { emailIndexToken, nameIndexTokens } from '../crypto/blind-index.ts';
import { placeholderFor, preparedQueries, preparedQuery } from '../prepared-query.ts';
import { policyDocument } from '../schema/document.ts';
import { escortAssignment } from '../schema/escort.ts';
import { site } from '../schema/organisation.ts';
import { visit } from '../schema/visit.ts';
import { visitAcknowledgement, visitSignature } from '../schema/visit-records.ts';

export interface NewVisit {
  /** Chosen by the caller when it writes the visit's records in the same round trip (default: a new one). */
  id?: string;
  organisationId: string;
  siteId: string;
  kioskDeviceId: string;
  idempotencyKey: string;
  visitorName: string;
  visitorOrganisation: string;
  category: string;
  purpose: string;
  hostName: string;
  hostStaffId: string | null;
  visitorEmail: string | null;
  language: string;
  state: string;
  visitCode: string;
  signedInAt: Date;
}

const receipt = { id: visit.id, visitCode: visit.visitCode, signedInAt: visit.signedInAt };

/**
 * Inserts the visit unless this device already submitted the same journey; returns null on such a replay.
 * A clash of visit codes still raises (unique_violation on visit_open_code_idx) so the caller can retry.
 */
export async function insertVisitOnce(db: DbOrTx, { id = randomUUID(), ...v }: NewVisit) {
  const [row] = await insertVisit(db, {
    ...v,
    id,
    visitorNameIndex: nameIndexTokens(v.visitorName),
    visitorEmailIndex: emailIndexToken(v.visitorEmail),
  });
  return row ?? null;
}

const insertVisit = preparedQuery((db) =>
  db
    .insert(visit)
    .values({
      id: sql.placeholder('id'),
      organisationId: sql.placeholder('organisationId'),
      siteId: sql.placeholder('siteId'),
      kioskDeviceId: sql.placeholder('kioskDeviceId'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      visitorName: sql.placeholder('visitorName'),
      visitorNameIndex: sql.placeholder('visitorNameIndex'),
      visitorOrganisation: sql.placeholder('visitorOrganisation'),
      category: sql.placeholder('category'),
      purpose: sql.placeholder('purpose'),
      hostName: sql.placeholder('hostName'),
      hostStaffId: sql.placeholder('hostStaffId'),
      visitorEmail: sql.placeholder('visitorEmail'),
      visitorEmailIndex: sql.placeholder('visitorEmailIndex'),
      language: sql.placeholder('language'),
      state: sql.placeholder('state'),
      visitCode: sql.placeholder('visitCode'),
      signedInAt: sql.placeholder('signedInAt'),
    })
    .onConflictDoNothing({ target: [visit.kioskDeviceId, visit.idempotencyKey] })
    .returning(receipt)
    .prepare('insert_visit_once'),
);

export async function findVisitByIdempotencyKey(db: DbOrTx, params: { kioskDeviceId: string; idempotencyKey: string }) {
  const [row] = await findVisitByKey(db, params);
  return row ?? null;
}

const findVisitByKey = preparedQuery((db) =>
  db
    .select(receipt)
    .from(visit)
    .where(
      and(
        eq(visit.kioskDeviceId, sql.placeholder('kioskDeviceId')),
        eq(visit.idempotencyKey, sql.placeholder('idempotencyKey')),
      ),
    )
    .prepare('find_visit_by_idempotency_key'),
);

/** Locks the on-site visit with this code at this site, for a state change in the same transaction. */
export async function lockOnSiteVisitByCode(db: DbOrTx, params: { siteId: string; visitCode: string }) {
  const [row] = await lockOnSiteVisit(db, params);
  return row ?? null;
}

const lockOnSiteVisit = preparedQuery((db) =>
  db
    .select({
      id: visit.id,
      state: visit.state,
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      signedInAt: visit.signedInAt,
    })
    .from(visit)
    .where(
      and(
        eq(visit.siteId, sql.placeholder('siteId')),
        eq(visit.visitCode, sql.placeholder('visitCode')),
        isNull(visit.signedOutAt),
      ),
    )
    .for('update')
    .prepare('lock_on_site_visit_by_code'),
);

export async function setVisitState(
  db: DbOrTx,
  params: { visitId: string; state: string; signedOutAt?: Date; signOutKey?: string; signOutNote?: string },
): Promise<void> {
  const columns = (['signedOutAt', 'signOutKey', 'signOutNote'] as const).filter((column) => params[column]);
  await updateVisitState(db, columns.join(), params);
}

/** One statement per set of optional columns given (a sign-out sets its time and key, most changes the state alone). */
const updateVisitState = preparedQueries((db, columns: string) =>
  db
    .update(visit)
    .set({
      state: placeholderFor('state', visit.state),
      ...Object.fromEntries(
        columns
          .split(',')
          .filter((name): name is 'signedOutAt' | 'signOutKey' | 'signOutNote' => name !== '')
          .map((name) => [name, placeholderFor(name, visit[name])]),
      ),
    })
    .where(eq(visit.id, sql.placeholder('visitId')))
    .prepare('set_visit_state'),
);

/** Whether a kiosk sign-out with this key was already recorded at the site (its answer may have been lost). */
export async function isSignOutRecorded(db: DbOrTx, params: { siteId: string; signOutKey: string }) {
  const [row] = await findSignOutKey(db, params);
  return row !== undefined;
}

const findSignOutKey = preparedQuery((db) =>
  db
    .select({ id: visit.id })
    .from(visit)
    .where(and(eq(visit.siteId, sql.placeholder('siteId')), eq(visit.signOutKey, sql.placeholder('signOutKey'))))
    .prepare('find_sign_out_key'),
);

/** The visitor's full name (email templates shorten it to first name and initial), or null. */
export async function getVisitorName(db: DbOrTx, params: { visitId: string }): Promise<string | null> {
  const [row] = await db.select({ name: visit.visitorName }).from(visit).where(eq(visit.id, params.visitId));
  return row?.name ?? null;
}

/** The site of a visit (for jobs that know only the visit id), or null when it no longer exists. */
export async function getVisitSite(db: DbOrTx, params: { visitId: string }): Promise<string | null> {
  const [row] = await db.select({ siteId: visit.siteId }).from(visit).where(eq(visit.id, params.visitId));
  return row?.siteId ?? null;
}

/** One visit at a site with its signature and acknowledgements (document versions and hashes), or null. */
export async function getVisitDetail(db: DbOrTx, params: { siteId: string; visitId: string }) {
  const [row] = await db
    .select({
      id: visit.id,
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      visitorName: visit.visitorName,
      visitorOrganisation: visit.visitorOrganisation,
      visitorEmail: visit.visitorEmail,
      category: visit.category,
      purpose: visit.purpose,
      hostName: visit.hostName,
      hostStaffId: visit.hostStaffId,
      language: visit.language,
      state: visit.state,
      signedInAt: visit.signedInAt,
      signedOutAt: visit.signedOutAt,
      signOutNote: visit.signOutNote,
    })
    .from(visit)
    .where(and(eq(visit.id, params.visitId), eq(visit.siteId, params.siteId)));
  if (!row) return null;
  const [signature] = await db
    .select({
      typedName: visitSignature.typedName,
      signaturePng: visitSignature.signaturePng,
      signedAt: visitSignature.signedAt,
      documentSha256: visitSignature.documentSha256,
      documentTitle: policyDocument.title,
      documentVersion: policyDocument.version,
      documentLanguage: policyDocument.language,
    })
    .from(visitSignature)
    .innerJoin(policyDocument, eq(policyDocument.id, visitSignature.documentId))
    .where(eq(visitSignature.visitId, params.visitId));
  const acknowledgements = await db
    .select({
      kind: visitAcknowledgement.kind,
      acknowledgedAt: visitAcknowledgement.acknowledgedAt,
      documentSha256: visitAcknowledgement.documentSha256,
      documentKind: policyDocument.kind,
      documentTitle: policyDocument.title,
      documentVersion: policyDocument.version,
      documentLanguage: policyDocument.language,
    })
    .from(visitAcknowledgement)
    .innerJoin(policyDocument, eq(policyDocument.id, visitAcknowledgement.documentId))
    .where(eq(visitAcknowledgement.visitId, params.visitId))
    .orderBy(policyDocument.kind);
  return { ...row, signature: signature ?? null, acknowledgements };
}

/** Every site of an organisation (or every site when none is given), for exports and the CLI. */
export async function listSiteIds(db: DbOrTx, params: { organisationId?: string }) {
  const rows = await db
    .select({ id: site.id })
    .from(site)
    .where(params.organisationId ? eq(site.organisationId, params.organisationId) : undefined);
  return rows.map((r) => r.id);
}

/**
 * The visitors at a site waiting for this escort now, oldest first: assigned and not yet confirmed, or offered to
 * them in a handover. Full names (email templates shorten them).
 */
export async function listVisitorsAwaitingEscort(
  db: DbOrTx,
  params: { staffId: string; siteId: string },
): Promise<string[]> {
  const rows = await db
    .select({ name: visit.visitorName })
    .from(escortAssignment)
    .innerJoin(visit, eq(visit.id, escortAssignment.visitId))
    .where(
      and(
        eq(visit.siteId, params.siteId),
        isNull(escortAssignment.endedAt),
        isNull(visit.signedOutAt),
        sql`((${escortAssignment.staffId} = ${params.staffId} and ${escortAssignment.confirmedAt} is null)
          or ${escortAssignment.offeredToStaffId} = ${params.staffId})`,
      ),
    )
    .orderBy(visit.signedInAt, visit.id);
  return rows.map((r) => r.name);
}
