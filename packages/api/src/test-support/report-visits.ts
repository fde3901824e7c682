import { randomUUID } from 'node:crypto';
import { schema } from '@threshold/db';
import { createTestOrganisation, createTestSite } from '@threshold/db/testing';
import type { AlertKind, StaffRole, VisitorCategory, VisitState } from '@threshold/validators';
import { eq } from 'drizzle-orm';
import { publishDocumentsAt } from './documents.ts';
import { member } from './escort-harness.ts';
import type { Harness } from './harness.ts';

// Visits recorded at known instants, straight into the tables a kiosk sign-in and the escort flow write, so
// reports can be checked against times chosen by the test (a kiosk sign-in is stamped with the database clock).

const MINUTE = 60_000;

export interface PastVisit {
  signedInAt: Date;
  /** The scene's site unless given. */
  siteId?: string;
  category?: VisitorCategory;
  visitorName?: string;
  visitorOrganisation?: string;
  state?: VisitState;
  signedOutAt?: Date | null;
  /** Signed the visitor form (default true). */
  signed?: boolean;
  /** Acknowledged the no-photography statement (default true); the two policies are always acknowledged. */
  noPhotography?: boolean;
  /** One escort assignment each, in order, confirmed this many minutes after sign-in (null: never confirmed). */
  escorts?: { staffId: string; confirmedAfterMinutes: number | null }[];
  alerts?: AlertKind[];
}

/** An organisation and site (time zone and escort target as given) with documents, staff and a second site. */
export async function reportScene(h: Harness, opts: { timezone?: string; targetMinutes?: number } = {}) {
  const { organisation, site } = await createTestOrganisation(h.db, 'Reports org');
  if (opts.timezone) await h.db.update(schema.site).set({ timezone: opts.timezone }).where(eq(schema.site.id, site.id));
  if (opts.targetMinutes !== undefined) {
    await h.db
      .update(schema.organisation)
      .set({ escortConfirmTargetMinutes: opts.targetMinutes })
      .where(eq(schema.organisation.id, organisation.id));
  }
  await publishDocumentsAt(h, site);
  const otherSite = await createTestSite(h.db, organisation.id, 'Reports annexe');
  const docs = await h.db.query.policyDocument.findMany({
    where: (t, { and, eq: is }) => and(is(t.siteId, site.id), is(t.language, 'en')),
  });
  const doc = (kind: string) => {
    const found = docs.find((d) => d.kind === kind);
    if (!found) throw new Error(`no ${kind} published`);
    return found;
  };
  const at = (roles: StaffRole[], name: string, where = site) => member(h, where, roles, name);
  const people = {
    coordinator: await at(['coordinator'], 'Cora Coordinator'),
    secondCoordinator: await at(['coordinator'], 'Colm Coordinator'),
    adminCoordinator: await at(['admin', 'coordinator'], 'Ada Admin-Coordinator'),
    admin: await at(['admin'], 'Adam Admin'),
    reception: await at(['reception'], 'Rhea Reception'),
    escort: await at(['escort'], 'Sok Dara'),
    otherEscort: await at(['escort'], 'Priya Raman'),
    otherCoordinator: await at(['coordinator'], 'Otto Other', otherSite),
  };

  async function record(v: PastVisit): Promise<string> {
    const [row] = await h.db
      .insert(schema.visit)
      .values({
        organisationId: organisation.id,
        siteId: v.siteId ?? site.id,
        idempotencyKey: randomUUID(),
        visitorName: v.visitorName ?? 'Vera Visitor',
        visitorOrganisation: v.visitorOrganisation ?? 'Visiting Ltd',
        category: v.category ?? 'researcher',
        purpose: 'Interview',
        state: v.state ?? 'signed_out',
        visitCode: randomUUID().slice(0, 6).toUpperCase(),
        signedInAt: v.signedInAt,
        signedOutAt: v.signedOutAt === undefined ? new Date(v.signedInAt.getTime() + 60 * MINUTE) : v.signedOutAt,
      })
      .returning({ id: schema.visit.id });
    if (!row) throw new Error('visit insert returned nothing');
    const visitId = row.id;
    const form = doc('visitor_confidentiality_form');
    if (v.signed ?? true) {
      await h.db.insert(schema.visitSignature).values({
        visitId,
        documentId: form.id,
        documentSha256: form.sha256,
        typedName: v.visitorName ?? 'Vera Visitor',
        signaturePng: Buffer.from('png'),
        signedAt: v.signedInAt,
      });
    }
    const acks = [
      { d: doc('confidentiality_policy'), kind: 'policy_received' },
      { d: doc('disclosure_policy'), kind: 'policy_received' },
      ...((v.noPhotography ?? true) ? [{ d: doc('no_photography_statement'), kind: 'no_photography' }] : []),
    ];
    await h.db.insert(schema.visitAcknowledgement).values(
      acks.map(({ d, kind }) => ({
        visitId,
        documentId: d.id,
        documentSha256: d.sha256,
        kind,
        acknowledgedAt: v.signedInAt,
      })),
    );
    const escorts = v.escorts ?? [];
    for (const [i, e] of escorts.entries()) {
      const after = (minutes: number) => new Date(v.signedInAt.getTime() + minutes * MINUTE);
      const next = escorts[i + 1];
      await h.db.insert(schema.escortAssignment).values({
        visitId,
        staffId: e.staffId,
        assignedAt: after(i),
        confirmedAt: e.confirmedAfterMinutes === null ? null : after(e.confirmedAfterMinutes),
        confirmedVia: e.confirmedAfterMinutes === null ? null : 'phone',
        // Every assignment but the last was ended by a handover when the next one began.
        endedAt: next ? after(next.confirmedAfterMinutes ?? i + 1) : null,
        endReason: next ? 'handover' : null,
      });
    }
    for (const kind of v.alerts ?? []) {
      await h.db.insert(schema.alert).values({
        organisationId: organisation.id,
        siteId: site.id,
        visitId,
        kind,
        raisedAt: v.signedInAt,
        acknowledgedAt: v.signedInAt,
      });
    }
    return visitId;
  }

  return { organisation, site, otherSite, people, record };
}
export type ReportScene = Awaited<ReturnType<typeof reportScene>>;
