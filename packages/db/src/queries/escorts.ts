import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { placeholderFor, preparedQueries, preparedQuery } from '../prepared-query.ts';
import { escortAssignment, staffDuty, staffPin, staffPolicyAcknowledgement, staffTraining } from '../schema/escort.ts';
import { organisation } from '../schema/organisation.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { staff, staffRole } from '../schema/staff.ts';
import { visit } from '../schema/visit.ts';
import { currentStaffPolicyIds } from './documents.ts';

/** Everything that decides whether members of staff may escort at a site (one row each), for the eligibility rules. */
export async function getEscortFacts(db: DbOrTx, params: { siteId: string; staffIds?: string[] }) {
  return params.staffIds
    ? escortFactsOf(db, 'some', { siteId: params.siteId, staffIds: params.staffIds })
    : escortFactsOf(db, 'all', { siteId: params.siteId });
}

// Built once per variant: the sign-in's host match and every escort action run it.
const escortFactsOf = preparedQueries((db, variant: 'all' | 'some') => {
  const siteId = sql.placeholder('siteId');
  return db
    .select({
      staffId: staff.id,
      organisationId: staff.organisationId,
      name: staff.name,
      active: staff.active,
      isEscort: sql<boolean>`exists (select 1 from ${staffRole} r where r.staff_id = staff.id
        and r.site_id = ${siteId} and r.role = 'escort')`,
      onDuty: sql<boolean>`coalesce((select d.on_duty from ${staffDuty} d where d.staff_id = staff.id
        and d.site_id = ${siteId}), false)`,
      trainedOn: sql<
        string | null
      >`(select max(t.completed_on)::text from ${staffTraining} t where t.staff_id = staff.id)`,
      acknowledgedCurrentPolicy: sql<boolean>`exists (select 1 from ${staffPolicyAcknowledgement} a
        where a.staff_id = staff.id and a.document_id in (${currentStaffPolicyIds(siteId)}))`,
      trainingValidMonths: organisation.escortTrainingValidMonths,
    })
    .from(staff)
    .innerJoin(organisation, eq(organisation.id, staff.organisationId))
    .where(
      and(
        sql`exists (select 1 from ${staffRole} r where r.staff_id = staff.id and r.site_id = ${siteId})`,
        variant === 'some' ? sql`${staff.id} = any(${sql.placeholder('staffIds')}::text[])` : undefined,
      ),
    )
    .orderBy(staff.name)
    .prepare(`escort_facts_${variant}`);
});

export type EscortFacts = Awaited<ReturnType<typeof getEscortFacts>>[number];

/** The visit at a site, locked for a state change in this transaction. */
export async function lockVisit(db: DbOrTx, params: { siteId: string; visitId: string }) {
  const [row] = await lockVisitAtSite(db, params);
  return row ?? null;
}

const lockVisitAtSite = preparedQuery((db) =>
  db
    .select({
      id: visit.id,
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      state: visit.state,
      visitorName: visit.visitorName,
      signedInAt: visit.signedInAt,
      signedOutAt: visit.signedOutAt,
    })
    .from(visit)
    .where(and(eq(visit.id, sql.placeholder('visitId')), eq(visit.siteId, sql.placeholder('siteId'))))
    .for('update')
    .prepare('lock_visit'),
);

export async function getOpenAssignment(db: DbOrTx, params: { visitId: string }) {
  const [row] = await findOpenAssignment(db, params);
  return row ?? null;
}

const findOpenAssignment = preparedQuery((db) =>
  db
    .select()
    .from(escortAssignment)
    .where(and(eq(escortAssignment.visitId, sql.placeholder('visitId')), isNull(escortAssignment.endedAt)))
    .prepare('get_open_assignment'),
);

export async function insertAssignment(
  db: DbOrTx,
  params: { visitId: string; staffId: string; assignedAt: Date; confirmedAt?: Date; confirmedVia?: string },
) {
  const [row] = await db.insert(escortAssignment).values(params).returning({ id: escortAssignment.id });
  if (!row) throw new Error('assignment insert returned nothing');
  return row;
}

export async function endAssignment(db: DbOrTx, params: { id: string; endedAt: Date; reason: string }) {
  await endOpenAssignment(db, params);
}

const endOpenAssignment = preparedQuery((db) =>
  db
    .update(escortAssignment)
    .set({
      endedAt: placeholderFor('endedAt', escortAssignment.endedAt),
      endReason: placeholderFor('reason', escortAssignment.endReason),
      offeredToStaffId: null,
      offeredAt: null,
    })
    .where(eq(escortAssignment.id, sql.placeholder('id')))
    .prepare('end_assignment'),
);

export async function confirmAssignment(db: DbOrTx, params: { id: string; confirmedAt: Date; via: string }) {
  await db
    .update(escortAssignment)
    .set({ confirmedAt: params.confirmedAt, confirmedVia: params.via })
    .where(eq(escortAssignment.id, params.id));
}

export async function setHandoverOffer(
  db: DbOrTx,
  params: { id: string; toStaffId: string | null; offeredAt: Date | null },
) {
  await db
    .update(escortAssignment)
    .set({ offeredToStaffId: params.toStaffId, offeredAt: params.offeredAt })
    .where(eq(escortAssignment.id, params.id));
}

/** Every assignment of a visit, oldest first (the escort timeline and unescorted time). */
export async function listAssignmentsForVisit(db: DbOrTx, params: { visitId: string }) {
  return db
    .select({
      id: escortAssignment.id,
      staffId: escortAssignment.staffId,
      staffName: staff.name,
      assignedAt: escortAssignment.assignedAt,
      confirmedAt: escortAssignment.confirmedAt,
      confirmedVia: escortAssignment.confirmedVia,
      offeredToStaffId: escortAssignment.offeredToStaffId,
      endedAt: escortAssignment.endedAt,
      endReason: escortAssignment.endReason,
    })
    .from(escortAssignment)
    .innerJoin(staff, eq(staff.id, escortAssignment.staffId))
    .where(eq(escortAssignment.visitId, params.visitId))
    .orderBy(escortAssignment.assignedAt);
}

/** Open assignments held by, or offered to, a member of staff at a site, with the visit. */
export async function listEscortVisits(db: DbOrTx, params: { siteId: string; staffId: string }) {
  return db
    .select({
      assignmentId: escortAssignment.id,
      visitId: visit.id,
      visitorName: visit.visitorName,
      state: visit.state,
      signedInAt: visit.signedInAt,
      escortStaffId: escortAssignment.staffId,
      confirmedAt: escortAssignment.confirmedAt,
      offeredToStaffId: escortAssignment.offeredToStaffId,
    })
    .from(escortAssignment)
    .innerJoin(visit, eq(visit.id, escortAssignment.visitId))
    .where(
      and(
        eq(visit.siteId, params.siteId),
        isNull(escortAssignment.endedAt),
        or(eq(escortAssignment.staffId, params.staffId), eq(escortAssignment.offeredToStaffId, params.staffId)),
      ),
    )
    .orderBy(visit.signedInAt);
}

/** Open handover offers made to a member of staff (withdrawn when they leave duty or are deactivated). */
export async function listOffersToStaff(db: DbOrTx, params: { staffId: string; siteId?: string }) {
  return db
    .select({ id: escortAssignment.id, visitId: visit.id, siteId: visit.siteId, fromStaffId: escortAssignment.staffId })
    .from(escortAssignment)
    .innerJoin(visit, eq(visit.id, escortAssignment.visitId))
    .where(
      and(
        eq(escortAssignment.offeredToStaffId, params.staffId),
        isNull(escortAssignment.endedAt),
        params.siteId ? eq(visit.siteId, params.siteId) : undefined,
      ),
    )
    .for('update', { of: escortAssignment });
}

/** Open assignments of one member of staff at every site (for going off duty or deactivation). */
export async function listOpenAssignmentsOfStaff(db: DbOrTx, params: { staffId: string; siteId?: string }) {
  return db
    .select({ id: escortAssignment.id, visitId: visit.id, siteId: visit.siteId, organisationId: visit.organisationId })
    .from(escortAssignment)
    .innerJoin(visit, eq(visit.id, escortAssignment.visitId))
    .where(
      and(
        eq(escortAssignment.staffId, params.staffId),
        isNull(escortAssignment.endedAt),
        params.siteId ? eq(visit.siteId, params.siteId) : undefined,
      ),
    )
    .for('update', { of: escortAssignment });
}

export async function setDuty(db: DbOrTx, params: { staffId: string; siteId: string; onDuty: boolean; at: Date }) {
  await db
    .insert(staffDuty)
    .values({ staffId: params.staffId, siteId: params.siteId, onDuty: params.onDuty, changedAt: params.at })
    .onConflictDoUpdate({
      target: [staffDuty.staffId, staffDuty.siteId],
      set: { onDuty: params.onDuty, changedAt: params.at },
    });
}

export async function getStaffPinHash(db: DbOrTx, params: { staffId: string }) {
  const [row] = await db
    .select({ pinHash: staffPin.pinHash })
    .from(staffPin)
    .where(eq(staffPin.staffId, params.staffId));
  return row?.pinHash ?? null;
}

export async function upsertStaffPin(db: DbOrTx, params: { staffId: string; pinHash: string; at: Date }) {
  await db
    .insert(staffPin)
    .values({ staffId: params.staffId, pinHash: params.pinHash, setAt: params.at })
    .onConflictDoUpdate({ target: staffPin.staffId, set: { pinHash: params.pinHash, setAt: params.at } });
}

export async function insertStaffPolicyAcknowledgement(
  db: DbOrTx,
  params: { staffId: string; documentId: string; at: Date },
) {
  await db
    .insert(staffPolicyAcknowledgement)
    .values({ staffId: params.staffId, documentId: params.documentId, acknowledgedAt: params.at })
    .onConflictDoNothing();
}

export async function insertTraining(db: DbOrTx, params: { staffId: string; completedOn: string }) {
  await db.insert(staffTraining).values(params).onConflictDoNothing();
}

export async function setStaffActive(db: DbOrTx, params: { staffId: string; active: boolean }) {
  await db.update(staff).set({ active: params.active, updatedAt: new Date() }).where(eq(staff.id, params.staffId));
}

/**
 * The on-site visit with this code and its open assignment (if any), in one statement, so the kiosk's PIN check makes
 * the same round trip whether or not the code exists or has an escort.
 */
export async function findPinTarget(db: DbOrTx, params: { siteId: string; visitCode: string }) {
  const [row] = await db
    .select({
      visitId: visit.id,
      staffId: escortAssignment.staffId,
      confirmedAt: escortAssignment.confirmedAt,
    })
    .from(visit)
    .leftJoin(escortAssignment, and(eq(escortAssignment.visitId, visit.id), isNull(escortAssignment.endedAt)))
    .where(and(eq(visit.siteId, params.siteId), eq(visit.visitCode, params.visitCode), isNull(visit.signedOutAt)));
  return row ?? null;
}

/**
 * An "escort needed" email to this member of staff that no sender is handling yet, locked for this transaction, or
 * null. Callers serialise on the escort first (lockEscortEmails), so two assignments cannot both find none.
 */
export async function lockUnsentEscortEmail(db: DbOrTx, params: { staffId: string; siteId: string; template: string }) {
  const [row] = await db
    .select({ id: outboxMessage.id })
    .from(outboxMessage)
    .where(
      and(
        eq(outboxMessage.status, 'pending'),
        eq(outboxMessage.template, params.template),
        eq(outboxMessage.siteId, params.siteId),
        sql`${outboxMessage.payload}->>'staffId' = ${params.staffId}`,
      ),
    )
    .limit(1)
    .for('update', { skipLocked: true });
  return row ?? null;
}

/** Serialises, until this transaction ends, the queuing of emails to one escort. */
export async function lockEscortEmails(db: DbOrTx, params: { staffId: string }): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`escort-email:${params.staffId}`}))`);
}
