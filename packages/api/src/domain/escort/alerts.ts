import {
  acknowledgeAlertRow,
  acknowledgeAlertRows,
  type Db,
  type DbOrTx,
  getOpenAssignment,
  getVisitSite,
  insertAlertOnce,
  insertOutboxMessage,
  listSiteStaffEmails,
  lockVisit,
} from '@threshold/db';
import { type AlertKind, alertKind, visitState } from '@threshold/validators';
import { publishLive } from '../../live/publish.ts';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';
import { isOnSite } from '../visit-state.ts';
import { rearmEscortCheck } from './rearm.ts';

interface AlertVisit {
  id: string;
  organisationId: string;
  siteId: string;
}

/**
 * Opens an alert (once per kind per visit), tells the live board, and emails the site's coordinators. Email names no
 * one: the alert is read in the app.
 */
export async function raiseAlertInTx(
  tx: DbOrTx,
  params: { visit: AlertVisit; kind: AlertKind; staffId: string | null; now: Date },
): Promise<string | null> {
  const { visit } = params;
  const alertId = await insertAlertOnce(tx, {
    organisationId: visit.organisationId,
    siteId: visit.siteId,
    visitId: visit.id,
    staffId: params.staffId,
    kind: params.kind,
    raisedAt: params.now,
  });
  if (!alertId) return null;
  await writeAudit(
    tx,
    { type: 'system', id: null },
    { organisationId: visit.organisationId, siteId: visit.siteId, visitId: visit.id },
    { type: 'alert.raised', data: { alertId, kind: params.kind } },
  );
  for (const email of await listSiteStaffEmails(tx, { siteId: visit.siteId, roles: ['coordinator'] })) {
    await insertOutboxMessage(tx, {
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      visitId: visit.id,
      template: 'alert_raised',
      toAddress: email,
      payload: { kind: params.kind },
    });
  }
  await publishLive(tx, [
    {
      type: 'alert',
      organisationId: visit.organisationId,
      siteId: visit.siteId,
      visitId: visit.id,
      alertId,
    },
  ]);
  return alertId;
}

/** Timer: the visitor still has no confirmed escort this long after signing in. Idempotent (runs again harmlessly). */
export function checkUnescorted(db: Db, params: { visitId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const visit = await lockVisitById(tx, params.visitId);
    if (!visit || !isOnSite(visitState.parse(visit.state))) return null;
    // After closing time the question is whether they left, not who escorts them (see departure-closing.ts).
    if (visit.state === 'departure_unconfirmed') return null;
    const assignment = await getOpenAssignment(tx, { visitId: visit.id });
    if (assignment?.confirmedAt) return null;
    return raiseAlertInTx(tx, { visit, kind: 'unescorted', staffId: assignment?.staffId ?? null, now: params.now });
  });
}

/** Timer: the visit has lasted longer than the site expects. Idempotent. */
export function checkOverrun(db: Db, params: { visitId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const visit = await lockVisitById(tx, params.visitId);
    if (!visit || !isOnSite(visitState.parse(visit.state))) return null;
    const assignment = await getOpenAssignment(tx, { visitId: visit.id });
    return raiseAlertInTx(tx, { visit, kind: 'overrun', staffId: assignment?.staffId ?? null, now: params.now });
  });
}

async function lockVisitById(tx: DbOrTx, visitId: string) {
  const siteId = await getVisitSite(tx, { visitId });
  return siteId ? lockVisit(tx, { siteId, visitId }) : null;
}

/** Closes an alert with what was done; the note stays with the alert, the audit row records who and when. */
export function acknowledgeAlert(
  db: Db,
  params: { siteId: string; alertId: string; staffId: string; note: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const row = await acknowledgeAlertRow(tx, { ...params, at: params.now });
    if (!row) throw new DomainError('NOT_FOUND', 'That alert is not open at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: row.organisationId, siteId: params.siteId, visitId: row.visitId },
      { type: 'alert.acknowledged', data: { alertId: row.id, kind: alertKind.parse(row.kind) } },
    );
    if (row.kind === 'unescorted' && row.visitId) await rearmEscortCheck(tx, { visitId: row.visitId, ...params });
    await publishLive(tx, [
      {
        type: 'alert',
        organisationId: row.organisationId,
        siteId: params.siteId,
        alertId: row.id,
      },
    ]);
  });
}

/**
 * Closes several alerts with one note, all or none: an id that is not an open alert at this site (another site's, or
 * one a colleague closed a moment ago) refuses the lot, so the note is never recorded against a list nobody chose.
 * One audit row per alert, in the same transaction; one live event tells the other desks to refresh.
 */
export function acknowledgeAlerts(
  db: Db,
  params: { siteId: string; alertIds: string[]; staffId: string; note: string; now: Date },
) {
  return db.transaction(async (tx) => {
    const rows = await acknowledgeAlertRows(tx, { ...params, at: params.now });
    const missing = params.alertIds.length - rows.length;
    if (missing > 0 || !rows[0]) {
      const which = missing === 1 ? '1 of the chosen alerts is' : `${missing} of the chosen alerts are`;
      throw new DomainError('NOT_FOUND', {
        field: 'alertIds',
        key: 'alertIds.not_open',
        message: `${which} no longer open at this site (someone may have acknowledged it). Nothing was acknowledged; check the list and try again.`,
        params: { count: missing },
      });
    }
    for (const row of rows) {
      await writeAudit(
        tx,
        { type: 'staff', id: params.staffId },
        { organisationId: row.organisationId, siteId: params.siteId, visitId: row.visitId },
        { type: 'alert.acknowledged', data: { alertId: row.id, kind: alertKind.parse(row.kind) } },
      );
      if (row.kind === 'unescorted' && row.visitId) await rearmEscortCheck(tx, { visitId: row.visitId, ...params });
    }
    await publishLive(tx, [{ type: 'alert', organisationId: rows[0].organisationId, siteId: params.siteId }]);
    return { acknowledged: rows.length };
  });
}
