import { randomUUID } from 'node:crypto';
import {
  type Db,
  destroyVisits,
  findSubjectVisits,
  getSubjectRecords,
  type SubjectRecord,
  type SubjectTerms,
  subjectVisitsAt,
} from '@threshold/db';
import {
  SUBJECT_SEARCH_LIMIT,
  type SubjectErasureReason,
  type SubjectExportReason,
  sectionRoles,
  type subjectExportFormats,
} from '@threshold/validators';
import { renderSubjectAccessPdf } from '../documents/subject-access-pdf.ts';
import { staffActor, writeAudit } from './audit.ts';
import { DENY_LIST_WITHHELD, subjectDenyEntries } from './deny-list/subject-access.ts';
import { DomainError } from './errors.ts';

/** The coordinator asking: their organisation and the sites where they may see subject access. */
export interface SubjectAccessor {
  staffId: string;
  organisationId: string;
  siteId: string;
  roles: readonly { siteId: string; role: string }[];
}

/** Every site of the organisation where this member of staff holds a subject-access role. */
export function subjectAccessSites(roles: SubjectAccessor['roles']): string[] {
  const allowed: readonly string[] = sectionRoles.subjectAccess;
  return [...new Set(roles.filter((r) => allowed.includes(r.role)).map((r) => r.siteId))];
}

/**
 * Visits that may be this person at any site the coordinator sees, and, as a separate group withheld from exports,
 * deny-list entries that may be them; audited without the name or email searched.
 */
export async function findSubject(db: Db, params: { by: SubjectAccessor; terms: SubjectTerms }) {
  const { by, terms } = params;
  return db.transaction(async (tx) => {
    const visits = await findSubjectVisits(tx, {
      ...terms,
      organisationId: by.organisationId,
      siteIds: subjectAccessSites(by.roles),
      limit: SUBJECT_SEARCH_LIMIT,
    });
    const denyEntries = await subjectDenyEntries(tx, { organisationId: by.organisationId, name: terms.name });
    await writeAudit(
      tx,
      staffActor(by.staffId),
      { organisationId: by.organisationId, siteId: by.siteId },
      {
        type: 'subject_access.searched',
        data: {
          byName: Boolean(terms.name),
          byEmail: Boolean(terms.email),
          results: visits.length,
          denyListMatches: denyEntries.length,
        },
      },
    );
    return {
      visits,
      limited: visits.length === SUBJECT_SEARCH_LIMIT,
      denyList: { entries: denyEntries, withheld: DENY_LIST_WITHHELD },
    };
  });
}

const notFound = () =>
  new DomainError('NOT_FOUND', {
    field: 'visitIds',
    key: 'visitIds.notFound',
    message: 'A chosen visit is not at a site where you can see subject access (it may have been erased).',
  });

/** The records as plain JSON: every field, the signature image as base64 PNG. */
function asJson(records: readonly SubjectRecord[], producedAt: Date): string {
  const visits = records.map((r) => ({
    ...r,
    signature: r.signature && { ...r.signature, signaturePng: r.signature.signaturePng.toString('base64') },
  }));
  return JSON.stringify({ producedAt, visits }, null, 2);
}

type Format = (typeof subjectExportFormats)[number];

/**
 * The chosen visits' records as JSON or PDF. One audit row per visit (so the export shows on each visit's
 * timeline), written in the transaction that read them.
 */
export async function exportSubject(
  db: Db,
  params: { by: SubjectAccessor; visitIds: string[]; format: Format; reason: SubjectExportReason; now: Date },
) {
  const { by } = params;
  const unique = [...new Set(params.visitIds)];
  return db.transaction(async (tx) => {
    const found = await subjectVisitsAt(tx, {
      organisationId: by.organisationId,
      siteIds: subjectAccessSites(by.roles),
      visitIds: unique,
      lock: false,
    });
    if (found.length !== unique.length) throw notFound();
    const records = await getSubjectRecords(tx, { visitIds: unique });
    const requestId = randomUUID();
    for (const r of records) {
      await writeAudit(
        tx,
        staffActor(by.staffId),
        { organisationId: by.organisationId, siteId: r.siteId, visitId: r.id },
        {
          type: 'visit.subject_exported',
          data: { requestId, format: params.format, reason: params.reason, count: records.length },
        },
      );
    }
    const day = params.now.toISOString().slice(0, 10);
    if (params.format === 'json') {
      const body = Buffer.from(asJson(records, params.now), 'utf8');
      return {
        filename: `subject-access-${day}.json`,
        contentType: 'application/json',
        base64: body.toString('base64'),
      };
    }
    const pdf = await renderSubjectAccessPdf(records, params.now);
    return {
      filename: `subject-access-${day}.pdf`,
      contentType: 'application/pdf',
      base64: Buffer.from(pdf).toString('base64'),
    };
  });
}

/**
 * Erases the chosen visits and everything tied to them (destroyVisits), except those under an active safeguarding
 * hold, which are listed with the hold's reason. Runs on the owner connection: only it may delete signed records.
 * One audit row per erased visit (ids and the reason code) and per held visit refused (ids and "held"), in the same
 * transaction.
 */
export async function eraseSubject(
  ownerDb: Db,
  params: { by: SubjectAccessor; visitIds: string[]; reason: SubjectErasureReason },
) {
  const { by } = params;
  const unique = [...new Set(params.visitIds)];
  return ownerDb.transaction(async (tx) => {
    // Locks the visits, so a hold placed a moment earlier is seen and one placed now waits for this to finish.
    const found = await subjectVisitsAt(tx, {
      organisationId: by.organisationId,
      siteIds: subjectAccessSites(by.roles),
      visitIds: unique,
      lock: true,
    });
    if (found.length !== unique.length) throw notFound();
    const held = found.flatMap((v) => (v.holdReason === null ? [] : [{ visitId: v.id, holdReason: v.holdReason }]));
    const erasable = found.filter((v) => v.holdReason === null);
    await destroyVisits(tx, { visitIds: erasable.map((v) => v.id) });
    const requestId = randomUUID();
    for (const v of erasable) {
      await writeAudit(
        tx,
        staffActor(by.staffId),
        { organisationId: by.organisationId, siteId: v.siteId, visitId: v.id },
        { type: 'visit.erased', data: { requestId, reason: params.reason, count: erasable.length } },
      );
    }
    for (const v of found.filter((f) => f.holdReason !== null)) {
      await writeAudit(
        tx,
        staffActor(by.staffId),
        { organisationId: by.organisationId, siteId: v.siteId, visitId: v.id },
        { type: 'visit.erasure_refused', data: { requestId, because: 'held' } },
      );
    }
    return { erased: erasable.map((v) => v.id), held };
  });
}
