import {
  type Db,
  type DbOrTx,
  getDisclosure,
  getSite,
  insertDisclosure,
  isStaffAtSite,
  listDisclosureDeciders,
  listDisclosures,
  updateDisclosure,
  visitIdsAtSite,
} from '@threshold/db';
import type { ConsentState, DisclosureFields } from '@threshold/validators';
import { staffActor, writeAudit } from './audit.ts';
import { localDate } from './document-review.ts';
import { DomainError } from './errors.ts';

/** The most requests one list shows; the register of one site stays far below it. */
export const DISCLOSURE_LIST_LIMIT = 500;

const notFound = () => new DomainError('NOT_FOUND', 'There is no such disclosure request at this site.');

async function siteOf(db: DbOrTx, siteId: string) {
  const site = await getSite(db, { siteId });
  if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
  return site;
}

/** The rules that need the database: dates not after today, a decider who works here, visits of this site only. */
async function checkAgainstSite(
  tx: DbOrTx,
  site: { id: string; timezone: string },
  fields: DisclosureFields,
  now: Date,
) {
  const today = localDate(now, site.timezone);
  for (const field of ['receivedOn', 'toldOn', 'releasedOn'] as const) {
    const day = fields[field];
    if (day !== null && day > today) {
      throw new DomainError('BAD_REQUEST', {
        field,
        key: `${field}.future`,
        message: `The date cannot be after today (${today} at this site).`,
        params: { today },
      });
    }
  }
  if (!(await isStaffAtSite(tx, { siteId: site.id, staffId: fields.decidedByStaffId }))) {
    throw new DomainError('BAD_REQUEST', {
      field: 'decidedByStaffId',
      key: 'decidedByStaffId.notAtSite',
      message: 'The person who decided must be a member of staff at this site.',
    });
  }
  const unique = [...new Set(fields.visitIds)];
  const found = await visitIdsAtSite(tx, { siteId: site.id, visitIds: unique });
  if (found.length !== unique.length) {
    throw new DomainError('BAD_REQUEST', {
      field: 'visitIds',
      key: 'visitIds.otherSite',
      message: 'A request can only be linked to visits at this site.',
    });
  }
  return unique;
}

function auditData(disclosureId: string, fields: DisclosureFields, visitIds: string[]) {
  return {
    disclosureId,
    consent: fields.consent,
    told: fields.toldOn !== null,
    released: fields.releasedOn !== null,
    decidedByStaffId: fields.decidedByStaffId,
    visitIds,
  };
}

function valuesOf(fields: DisclosureFields) {
  const { visitIds: _visitIds, ...values } = fields;
  // A reason for disclosing without consent means nothing once consent was obtained.
  return fields.consent === 'sought_and_obtained' ? { ...values, reasonWithoutConsent: '' } : values;
}

/** Records a request for information, audited (ids and codes only) in the same transaction. */
export async function recordDisclosure(
  db: Db,
  params: { siteId: string; staffId: string; fields: DisclosureFields; now: Date },
) {
  return db.transaction(async (tx) => {
    const site = await siteOf(tx, params.siteId);
    const visitIds = await checkAgainstSite(tx, site, params.fields, params.now);
    const row = await insertDisclosure(tx, {
      ...valuesOf(params.fields),
      organisationId: site.organisationId,
      siteId: site.id,
      visitIds,
      now: params.now,
    });
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: site.organisationId, siteId: site.id },
      { type: 'disclosure.recorded', data: auditData(row.id, params.fields, visitIds) },
    );
    return { id: row.id };
  });
}

/** Replaces a request's record (every field and the links), audited in the same transaction. */
export async function changeDisclosure(
  db: Db,
  params: { siteId: string; staffId: string; id: string; fields: DisclosureFields; now: Date },
) {
  return db.transaction(async (tx) => {
    const site = await siteOf(tx, params.siteId);
    const visitIds = await checkAgainstSite(tx, site, params.fields, params.now);
    const updated = await updateDisclosure(tx, {
      ...valuesOf(params.fields),
      id: params.id,
      siteId: site.id,
      visitIds,
      now: params.now,
    });
    if (!updated) throw notFound();
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId: site.organisationId, siteId: site.id },
      { type: 'disclosure.updated', data: auditData(params.id, params.fields, visitIds) },
    );
    return { id: params.id };
  });
}

/** One request with its linked visits; opening it is audited, since it says who visited. */
export async function viewDisclosure(db: Db, params: { siteId: string; staffId: string; id: string }) {
  return db.transaction(async (tx) => {
    const found = await getDisclosure(tx, { siteId: params.siteId, id: params.id });
    if (!found) throw notFound();
    const { organisationId, ...disclosure } = found;
    await writeAudit(
      tx,
      staffActor(params.staffId),
      { organisationId, siteId: params.siteId },
      { type: 'disclosure.viewed', data: { disclosureId: params.id } },
    );
    return { ...disclosure, consent: disclosure.consent as ConsentState };
  });
}

export interface DisclosureFilter {
  siteId: string;
  from?: string | undefined;
  to?: string | undefined;
  consent?: ConsentState | undefined;
}

/** The site's register, newest request first. */
export async function disclosureList(db: DbOrTx, filter: DisclosureFilter) {
  const rows = await listDisclosures(db, { ...filter, limit: DISCLOSURE_LIST_LIMIT });
  return rows.map((r) => ({ ...r, consent: r.consent as ConsentState }));
}

/** Who may be named as deciding: active staff with a role at the site. */
export function disclosureDeciders(db: DbOrTx, params: { siteId: string }) {
  return listDisclosureDeciders(db, params);
}
