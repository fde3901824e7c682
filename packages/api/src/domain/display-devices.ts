import { type Db, getSite, insertBoardDisplay, revokeBoardDisplay, updateBoardDisplay } from '@threshold/db';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

interface DisplayHours {
  name: string;
  namesFrom: number;
  namesUntil: number;
}

/** Adds a named display for a site; it shows nothing until a browser is paired to it. */
export function addDisplay(db: Db, params: DisplayHours & { siteId: string; staffId: string }) {
  return db.transaction(async (tx) => {
    const site = await getSite(tx, { siteId: params.siteId });
    if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
    const { id } = await insertBoardDisplay(tx, {
      organisationId: site.organisationId,
      siteId: site.id,
      name: params.name,
      namesFromMinute: params.namesFrom,
      namesUntilMinute: params.namesUntil,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: site.organisationId, siteId: site.id },
      { type: 'display.added', data: { displayId: id } },
    );
    return { displayId: id };
  });
}

/** Renames a display and sets the hours its names show; its screen follows within seconds. */
export function updateDisplay(db: Db, params: DisplayHours & { siteId: string; displayId: string; staffId: string }) {
  return db.transaction(async (tx) => {
    const display = await updateBoardDisplay(tx, {
      siteId: params.siteId,
      displayId: params.displayId,
      name: params.name,
      namesFromMinute: params.namesFrom,
      namesUntilMinute: params.namesUntil,
    });
    if (!display) throw new DomainError('NOT_FOUND', 'There is no such active display at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: display.organisationId, siteId: params.siteId },
      { type: 'display.renamed', data: { displayId: display.id } },
    );
  });
}

/** Revokes a display: its token stops working at once, and its screen blanks at its stream's next beat. */
export function revokeDisplay(db: Db, params: { siteId: string; displayId: string; staffId: string; now: Date }) {
  return db.transaction(async (tx) => {
    const display = await revokeBoardDisplay(tx, params);
    if (!display) throw new DomainError('NOT_FOUND', 'There is no such active display at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: display.organisationId, siteId: params.siteId },
      { type: 'display.revoked', data: { displayId: display.id } },
    );
  });
}
