import {
  closeRollCallRow,
  countRollCallEntries,
  type Db,
  type DbOrTx,
  getOpenRollCall,
  getRollCallEntry,
  insertRollCallEntries,
  insertRollCallOnce,
  listPeopleOnSite,
  lockRollCall,
  setEntryAccounted,
} from '@threshold/db';
import { rollCallEntryKind } from '@threshold/validators';
import { staffActor, writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

interface SiteActor {
  siteId: string;
  staffId: string;
  now: Date;
}

/** Adds everyone on site that the roll call does not list yet; returns how many of each kind were added. */
async function addPeopleOnSite(tx: DbOrTx, params: { siteId: string; rollCallId: string; onlyNew: boolean }) {
  const people = await listPeopleOnSite(tx, {
    siteId: params.siteId,
    ...(params.onlyNew ? { notInRollCallId: params.rollCallId } : {}),
  });
  await insertRollCallEntries(tx, [
    ...people.visitors.map((v) => ({
      rollCallId: params.rollCallId,
      kind: 'visitor' as const,
      visitId: v.visitId,
      escortStaffId: v.escortStaffId,
    })),
    ...people.staff.map((s) => ({ rollCallId: params.rollCallId, kind: 'staff' as const, staffId: s.staffId })),
  ]);
  return { visitors: people.visitors.length, staff: people.staff.length };
}

/**
 * The one action of an evacuation: lists everyone on site now. If a roll call is already open at the site it is
 * returned instead, so two people pressing "start" during a fire share one list.
 */
export function startRollCall(db: Db, params: SiteActor & { organisationId: string }) {
  return db.transaction(async (tx) => {
    const rollCallId = await insertRollCallOnce(tx, {
      organisationId: params.organisationId,
      siteId: params.siteId,
      startedByStaffId: params.staffId,
      startedAt: params.now,
    });
    if (!rollCallId) {
      const open = await getOpenRollCall(tx, { siteId: params.siteId });
      // Opened and closed again between our insert and this read: vanishingly rare, and pressing again works.
      if (!open) throw new DomainError('CONFLICT', 'A roll call was just closed here. Press start again.');
      return { rollCallId: open.id, created: false };
    }
    const added = await addPeopleOnSite(tx, { siteId: params.siteId, rollCallId, onlyNew: false });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: params.organisationId, siteId: params.siteId },
      { type: 'roll_call.started', data: { rollCallId, ...added } },
    );
    return { rollCallId, created: true };
  });
}

async function lockOpen(tx: DbOrTx, params: { siteId: string; rollCallId: string; mode: 'update' | 'share' }) {
  const found = await lockRollCall(tx, params);
  if (!found) throw new DomainError('NOT_FOUND', 'There is no such roll call at this site.');
  if (found.closedAt) throw new DomainError('CONFLICT', 'This roll call has been closed; it can no longer change.');
  return found;
}

/**
 * Marks a person accounted for, or takes the mark back (a mistaken tap). Each change is recorded with who made
 * it; marking someone already marked changes nothing, so the first mark (who, when) stands.
 */
export function markRollCallEntry(db: Db, params: SiteActor & { entryId: string; accounted: boolean }) {
  return db.transaction(async (tx) => {
    const entry = await getRollCallEntry(tx, { siteId: params.siteId, entryId: params.entryId });
    if (!entry) throw new DomainError('NOT_FOUND', 'That person is not on a roll call at this site.');
    const rollCall = await lockOpen(tx, { siteId: params.siteId, rollCallId: entry.rollCallId, mode: 'share' });
    const changed = await setEntryAccounted(tx, {
      entryId: entry.id,
      accounted: params.accounted ? { at: params.now, byStaffId: params.staffId } : null,
    });
    if (changed) {
      await writeAudit(
        tx,
        staffActor(params.staffId),
        { organisationId: rollCall.organisationId, siteId: params.siteId, visitId: entry.visitId },
        {
          type: 'roll_call.marked',
          data: {
            rollCallId: rollCall.id,
            entryId: entry.id,
            kind: rollCallEntryKind.parse(entry.kind),
            accounted: params.accounted,
          },
        },
      );
    }
    return { entryId: entry.id, accounted: params.accounted, changed };
  });
}

/** Adds the people who arrived (signed in, or came on duty) since the roll call started. */
export function addRollCallArrivals(db: Db, params: SiteActor & { rollCallId: string }) {
  return db.transaction(async (tx) => {
    // Locked for update: two phones pressing "add" at once add each arrival once.
    const rollCall = await lockOpen(tx, { siteId: params.siteId, rollCallId: params.rollCallId, mode: 'update' });
    const added = await addPeopleOnSite(tx, { siteId: params.siteId, rollCallId: rollCall.id, onlyNew: true });
    if (added.visitors + added.staff > 0) {
      await writeAudit(
        tx,
        staffActor(params.staffId),
        { organisationId: rollCall.organisationId, siteId: params.siteId },
        { type: 'roll_call.arrivals_added', data: { rollCallId: rollCall.id, ...added } },
      );
    }
    return added;
  });
}

/** Ends the roll call, whoever is still unaccounted for; the record keeps how many were. */
export function closeRollCall(db: Db, params: SiteActor & { rollCallId: string }) {
  return db.transaction(async (tx) => {
    const rollCall = await lockOpen(tx, { siteId: params.siteId, rollCallId: params.rollCallId, mode: 'update' });
    const counts = await countRollCallEntries(tx, { rollCallId: rollCall.id });
    await closeRollCallRow(tx, { rollCallId: rollCall.id, closedByStaffId: params.staffId, closedAt: params.now });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: rollCall.organisationId, siteId: params.siteId },
      { type: 'roll_call.closed', data: { rollCallId: rollCall.id, ...counts } },
    );
    return counts;
  });
}
