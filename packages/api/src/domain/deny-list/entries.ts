import {
  type Db,
  type DbOrTx,
  type DenyEntryFields,
  getSite,
  insertDenyEntry,
  listDenyEntries,
  removeDenyEntry,
  updateDenyEntry,
} from '@threshold/db';
import { writeAudit } from '../audit.ts';
import { DomainError } from '../errors.ts';

// Entries belong to the site's organisation: a person dangerous to one refuge is dangerous to its other sites.
async function organisationOf(db: DbOrTx, siteId: string): Promise<string> {
  const site = await getSite(db, { siteId });
  if (!site) throw new DomainError('NOT_FOUND', 'That site does not exist.');
  return site.organisationId;
}

const GONE = {
  field: 'entryId',
  key: 'entryId.gone',
  message: 'That deny-list entry is no longer on the list (someone may have removed it). Nothing was changed.',
};

interface Who {
  siteId: string;
  staffId: string;
  now: Date;
}

export function addDenyEntry(db: Db, params: Who & { fields: DenyEntryFields }) {
  return db.transaction(async (tx) => {
    const organisationId = await organisationOf(tx, params.siteId);
    const entryId = await insertDenyEntry(tx, {
      ...params.fields,
      organisationId,
      staffId: params.staffId,
      at: params.now,
    });
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId, siteId: params.siteId },
      { type: 'deny_list.entry_added', data: { entryId, aliases: params.fields.aliases.length } },
    );
    return { entryId };
  });
}

/** Rewrites an entry; the reason for the change is asked (and checked) by the form, the trail records that it changed. */
export function editDenyEntry(db: Db, params: Who & { entryId: string; fields: DenyEntryFields }) {
  return db.transaction(async (tx) => {
    const organisationId = await organisationOf(tx, params.siteId);
    const changed = await updateDenyEntry(tx, {
      ...params.fields,
      organisationId,
      entryId: params.entryId,
      at: params.now,
    });
    if (!changed) throw new DomainError('NOT_FOUND', GONE);
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId, siteId: params.siteId },
      { type: 'deny_list.entry_changed', data: { entryId: params.entryId } },
    );
    return { entryId: params.entryId };
  });
}

/** Removes an entry with a reason: it stops matching at once, and its personal details are blanked. */
export function removeEntry(db: Db, params: Who & { entryId: string; reason: string }) {
  return db.transaction(async (tx) => {
    const organisationId = await organisationOf(tx, params.siteId);
    const removed = await removeDenyEntry(tx, {
      organisationId,
      entryId: params.entryId,
      staffId: params.staffId,
      note: params.reason,
      at: params.now,
    });
    if (!removed) throw new DomainError('NOT_FOUND', GONE);
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId, siteId: params.siteId },
      { type: 'deny_list.entry_removed', data: { entryId: params.entryId } },
    );
    return { entryId: params.entryId };
  });
}

/** The organisation's current entries, earliest review first; `due`: only those whose review date has come. */
export async function denyEntries(db: DbOrTx, params: { siteId: string; due: boolean; now: Date }) {
  const organisationId = await organisationOf(db, params.siteId);
  const today = params.now.toISOString().slice(0, 10);
  const rows = await listDenyEntries(db, { organisationId, ...(params.due ? { dueBy: today } : {}) });
  return rows.map((r) => ({ ...r, reviewDue: r.reviewBy <= today }));
}

export { organisationOf };
