import {
  type Db,
  type DbOrTx,
  getOpenRollCall,
  getRollCall,
  getSite,
  listPeopleOnSite,
  listRollCallEntries,
  listRollCalls,
} from '@threshold/db';
import { shortName as shortNameOf } from '@threshold/validators';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

type Header = NonNullable<Awaited<ReturnType<typeof getRollCall>>>;
type Entry = Awaited<ReturnType<typeof listRollCallEntries>>[number];

/** First name and initial, as on the badge and the live board; null once retention has destroyed the visit. */
const shortName = (fullName: string | null) => (fullName === null ? null : shortNameOf(fullName));

const byName = <T extends { name: string | null }>(a: T, b: T) => (a.name ?? '').localeCompare(b.name ?? '');

function visitorOf(e: Entry) {
  return {
    entryId: e.id,
    name: shortName(e.visitorName),
    category: e.category,
    visitCode: e.visitCode,
    escortName: e.escortName,
    signedOutAt: e.signedOutAt,
    accountedAt: e.accountedAt,
    accountedByName: e.accountedByName,
  };
}

function staffOf(e: Entry) {
  return { entryId: e.id, name: e.staffName, accountedAt: e.accountedAt, accountedByName: e.accountedByName };
}

/**
 * The roll call as the list to work from: visitors (with the escort they had when it started) and staff, each by
 * name, with the counts. A concealed site's name is left out, since the list is printed and taken outside.
 */
async function listOf(tx: DbOrTx, rollCall: Header) {
  const site = await getSite(tx, { siteId: rollCall.siteId });
  const entries = await listRollCallEntries(tx, { rollCallId: rollCall.id });
  const { organisationId: _organisationId, siteId: _siteId, ...shown } = rollCall;
  return {
    ...shown,
    siteName: site && !site.concealed ? site.name : null,
    visitors: entries
      .filter((e) => e.kind === 'visitor')
      .map(visitorOf)
      .sort(byName),
    staff: entries
      .filter((e) => e.kind === 'staff')
      .map(staffOf)
      .sort(byName),
    counts: { accounted: entries.filter((e) => e.accountedAt !== null).length, total: entries.length },
  };
}

/**
 * The open roll call at the site, or null, with everyone who arrived since it started (not on it yet). Not audited
 * on each read: like the live board, it is the "now" that the front desk needs in an evacuation.
 */
export function currentRollCall(db: Db, params: { siteId: string }) {
  return db.transaction(
    async (tx) => {
      const open = await getOpenRollCall(tx, { siteId: params.siteId });
      if (!open) return null;
      const people = await listPeopleOnSite(tx, { siteId: params.siteId, notInRollCallId: open.id });
      return {
        ...(await listOf(tx, open)),
        arrivals: {
          visitors: people.visitors
            .map((v) => ({ name: shortNameOf(v.visitorName), category: v.category, escortName: v.escortName }))
            .sort(byName),
          staff: people.staff.map((s) => ({ name: s.name })),
        },
      };
      // One snapshot, so nobody shows both on the list and as a new arrival while an "add" commits.
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A roll call at the site (usually a past one), for the record; every view is audited. */
export function viewRollCall(db: Db, params: { siteId: string; rollCallId: string; staffId: string }) {
  return db.transaction(async (tx) => {
    const found = await getRollCall(tx, { siteId: params.siteId, rollCallId: params.rollCallId });
    if (!found) throw new DomainError('NOT_FOUND', 'There is no such roll call at this site.');
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: found.organisationId, siteId: found.siteId },
      { type: 'roll_call.viewed', data: { rollCallId: found.id } },
    );
    return listOf(tx, found);
  });
}

const HISTORY_LIMIT = 100;

/** The site's roll calls, newest first: when, who started and closed each, how many were accounted for. */
export async function rollCallHistory(db: Db, params: { siteId: string }) {
  const rows = await listRollCalls(db, { siteId: params.siteId, limit: HISTORY_LIMIT });
  return rows.map(({ organisationId: _organisationId, siteId: _siteId, ...row }) => row);
}
