import { randomUUID } from 'node:crypto';
import { createTestSite, sealedSignature, sealedVisit } from '@threshold/db/testing';
import type { VisitorCategory, VisitState } from '@threshold/validators';
import { publishDocumentsAt } from './documents.ts';
import { member } from './escort-harness.ts';
import { createHarness, type Harness, testPasswordHash } from './harness.ts';

// Visits written straight into the tables, at chosen times and with chosen gaps, for the visit log and the log
// review: a kiosk sign-in is always "now" and always complete, and the log must be tested on the past and the broken.

type Ack = 'confidentiality_policy' | 'disclosure_policy' | 'no_photography_statement';
const allAcks: Ack[] = ['confidentiality_policy', 'disclosure_policy', 'no_photography_statement'];

export interface LogSite {
  id: string;
  organisationId: string;
  /** Published document ids by kind. */
  documents: Record<string, { id: string; sha256: string }>;
}

export interface EscortSpan {
  staffId: string;
  /** Minutes after sign-in (default 0). */
  assignedAfter?: number;
  /** Minutes after sign-in; null: never confirmed. */
  confirmedAfter: number | null;
  /** Minutes after sign-in; null: still open. */
  endedAfter?: number | null;
}

export interface LoggedVisitSpec {
  name: string;
  /** An ISO instant; may carry microseconds ("…T10:00:00.000001Z"). */
  signedInAt: string;
  /** Minutes on site; null: never signed out. */
  stayMinutes: number | null;
  category?: VisitorCategory;
  state?: VisitState;
  organisation?: string;
  escorts?: EscortSpan[];
  form?: boolean;
  acknowledged?: Ack[];
}

/** A site in `timezone` with the default documents published. */
export async function logSite(h: Harness, organisationId: string, timezone: string, name: string): Promise<LogSite> {
  const site = await createTestSite(h.db, organisationId, name);
  await h.handle.sql`update site set timezone = ${timezone} where id = ${site.id}`;
  await publishDocumentsAt(h, site);
  const docs = await h.handle.sql<{ kind: string; id: string; sha256: string }[]>`
    select kind, id, sha256 from policy_document where site_id = ${site.id} and language = 'en'`;
  return { id: site.id, organisationId, documents: Object.fromEntries(docs.map((d) => [d.kind, d])) };
}

const minutesAfter = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Writes one visit with its signature, acknowledgements and escort assignments as specified; returns its id. */
export async function insertLoggedVisit(h: Harness, site: LogSite, spec: LoggedVisitSpec): Promise<string> {
  const id = randomUUID();
  const signedOutAt = spec.stayMinutes === null ? null : minutesAfter(spec.signedInAt, spec.stayMinutes);
  const state = spec.state ?? (signedOutAt ? 'signed_out' : 'escorted');
  const { sql } = h.handle;
  await sql`insert into visit ${sql({
    id,
    organisation_id: site.organisationId,
    site_id: site.id,
    idempotency_key: randomUUID(),
    ...sealedVisit({
      name: spec.name,
      organisation: spec.organisation ?? 'Visiting Org',
      purpose: 'Log test',
      hostName: 'Host',
    }),
    category: spec.category ?? 'researcher',
    language: 'en',
    state,
    visit_code: id.slice(0, 6).toUpperCase(),
    signed_in_at: spec.signedInAt,
    signed_out_at: signedOutAt,
  })}`;
  const form = site.documents.visitor_confidentiality_form;
  if ((spec.form ?? true) && form) {
    await sql`insert into visit_signature ${sql({
      visit_id: id,
      document_id: form.id,
      document_sha256: form.sha256,
      ...sealedSignature(spec.name, Buffer.from('png')),
      signed_at: spec.signedInAt,
    })}`;
  }
  for (const kind of spec.acknowledged ?? allAcks) {
    const doc = site.documents[kind];
    if (!doc) throw new Error(`no ${kind} published at the log site`);
    await sql`insert into visit_acknowledgement (visit_id, document_id, kind, document_sha256, acknowledged_at)
      values (${id}, ${doc.id}, ${kind === 'no_photography_statement' ? 'no_photography' : 'policy_received'},
        ${doc.sha256}, ${spec.signedInAt}::timestamptz)`;
  }
  for (const e of spec.escorts ?? []) {
    const at = (m: number | null | undefined) =>
      m === null || m === undefined ? null : minutesAfter(spec.signedInAt, m);
    await sql`insert into escort_assignment (visit_id, staff_id, assigned_at, confirmed_at, confirmed_via, ended_at)
      values (${id}, ${e.staffId}, ${at(e.assignedAfter ?? 0)}::timestamptz, ${at(e.confirmedAfter)}::timestamptz,
        ${e.confirmedAfter === null ? null : 'phone'}, ${at(e.endedAfter)}::timestamptz)`;
  }
  return id;
}

/**
 * An organisation with a site in Phnom Penh (UTC+7 all year, so site-local days differ from UTC days), another
 * site, and a signed-in member of staff of each kind the log's access rules name.
 */
export async function logWorld() {
  const h = createHarness();
  await testPasswordHash();
  const [org] = await h.handle.sql<{ id: string }[]>`insert into organisation (name) values ('Log org') returning id`;
  if (!org) throw new Error('organisation insert returned nothing');
  const site = await logSite(h, org.id, 'Asia/Phnom_Penh', 'Log site');
  const otherSite = await logSite(h, org.id, 'Europe/London', 'Log annexe');
  const at = (s: LogSite) => ({ id: s.id, organisationId: s.organisationId });
  const [coordinator, escort, colleague, reception, admin, adminCoordinator, otherCoordinator] = await Promise.all([
    member(h, at(site), ['coordinator'], 'Cora Coordinator'),
    member(h, at(site), ['escort'], 'Eli Escort'),
    member(h, at(site), ['escort'], 'Fay Fellow'),
    member(h, at(site), ['reception'], 'Rae Reception'),
    member(h, at(site), ['admin'], 'Adi Admin'),
    member(h, at(site), ['admin', 'coordinator'], 'Ada Admin-Coordinator'),
    member(h, at(otherSite), ['coordinator'], 'Oz Other'),
  ]);
  return {
    h,
    site,
    otherSite,
    staff: { coordinator, escort, colleague, reception, admin, adminCoordinator, otherCoordinator },
  };
}
export type LogWorld = Awaited<ReturnType<typeof logWorld>>;
