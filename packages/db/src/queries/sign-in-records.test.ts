import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../client.ts';
import { policyDocument } from '../schema/document.ts';
import { outboxMessage } from '../schema/outbox.ts';
import { visitSignature } from '../schema/visit-records.ts';
import { createTestOrganisation } from '../testing/fixtures.ts';
import { insertKioskDevice } from './kiosk.ts';
import { hitRateLimit } from './rate-limit.ts';
import { type SignInRecords, writeSignInRecords } from './sign-in-records.ts';
import { insertVisitOnce } from './visits.ts';

const app = createDb(inject('databaseUrl'), { max: 10 });
afterAll(() => app.close());

async function scene() {
  const { organisation, site } = await createTestOrganisation(app.db);
  const device = async (name: string) =>
    (
      await insertKioskDevice(app.db, {
        organisationId: organisation.id,
        siteId: site.id,
        name,
        tokenHash: randomUUID(),
      })
    ).id;
  const [deviceId, otherDeviceId] = [await device('Front desk'), await device('Side door')];
  const documents = await app.db
    .insert(policyDocument)
    .values(
      ['visitor_confidentiality_form', 'confidentiality_policy', 'disclosure_policy', 'no_photography_statement'].map(
        (kind) => ({
          organisationId: organisation.id,
          siteId: site.id,
          kind,
          language: 'en',
          version: 1,
          title: kind,
          body: 'Text',
          sha256: 'f'.repeat(64),
        }),
      ),
    )
    .returning();
  const [form, ...acknowledged] = documents;
  if (!form || acknowledged.length !== 3) throw new Error('no documents');
  const reserve = (code: string, byDevice: string) =>
    app.db.execute(sql`insert into kiosk_visit_code (site_id, code, device_id, seq)
      values (${site.id}, ${code}, ${byDevice}, ${Math.floor(Math.random() * 1e6)})`);
  const newVisit = (code: string) => ({
    id: randomUUID(),
    organisationId: organisation.id,
    siteId: site.id,
    kioskDeviceId: deviceId,
    idempotencyKey: randomUUID(),
    visitorName: 'Ada Lovelace',
    visitorOrganisation: 'Analytical Engines',
    category: 'professional',
    purpose: 'Meeting',
    hostName: 'Charles',
    hostStaffId: null,
    visitorEmail: null,
    language: 'en',
    state: 'awaiting_escort',
    visitCode: code,
    signedInAt: new Date(),
  });
  /** A sign-in's records for `visit`, shaped as the kiosk's sign-in writes them. */
  const records = (
    visit: { id: string; idempotencyKey: string; visitCode: string },
    limits: SignInRecords['limits'],
  ): SignInRecords => {
    const at = new Date();
    const scope = { organisationId: organisation.id, siteId: site.id, visitId: visit.id };
    return {
      limits,
      codeCheck: { siteId: site.id, deviceId, code: visit.visitCode },
      consumedCode: { siteId: site.id, deviceId, code: visit.visitCode },
      signature: {
        visitId: visit.id,
        documentId: form.id,
        documentSha256: form.sha256,
        typedName: 'Ada Lovelace',
        signaturePng: Buffer.from('png'),
        signedAt: at,
        referenceHash: null,
        reusedFromVisitId: null,
      },
      acknowledgements: acknowledged.map((document) => ({
        visitId: visit.id,
        documentId: document.id,
        documentSha256: document.sha256,
        kind: document.kind === 'no_photography_statement' ? 'no_photography' : 'policy_received',
        acknowledgedAt: at,
      })),
      copy: { ...scope, template: 'signed_form_copy', toAddress: 'ada@example.org' },
      screening: { ...scope, visitId: visit.id, outcome: 'clear', matchedEntryIds: [], screenedAt: at },
      audits: ['visit.signed_in', 'screening.checked'].map((type) => ({
        ...scope,
        actorType: 'kiosk' as const,
        actorId: deviceId,
        type,
        data: { type },
      })),
      jobs: [
        { kind: 'host_match', payload: { visitId: visit.id } },
        { kind: 'screening_alert', payload: { visitId: visit.id } },
      ],
    };
  };
  /** The visit and its records in one transaction, as the sign-in sends them. */
  const signIn = (visit: ReturnType<typeof newVisit>, limits: SignInRecords['limits'], insertVisit = true) =>
    app.db.transaction(async (tx) => {
      if (insertVisit) await insertVisitOnce(tx, visit);
      return writeSignInRecords(tx, records(visit, limits));
    });
  const count = async (table: string, visitId: string) =>
    (
      await app.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)} where visit_id = ${visitId}`,
      )
    )[0]?.n;
  return { organisation, site, deviceId, otherDeviceId, reserve, newVisit, signIn, count };
}

const code = () => String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
const key = () => `test:${randomUUID()}`;

describe('writeSignInRecords', () => {
  it('writes every record of the sign-in and counts it in each window, in the order given', async () => {
    const s = await scene();
    const visit = s.newVisit(code());
    await s.reserve(visit.visitCode, s.deviceId);
    const [hour, minute] = [key(), key()];
    await hitRateLimit(app.db, { key: hour, windowSeconds: 3600 });
    await hitRateLimit(app.db, { key: minute, windowSeconds: 3600 });
    // The minute window has passed (zero seconds), the hour's has not.
    const answer = await s.signIn(visit, [
      { key: hour, windowSeconds: 3600 },
      { key: minute, windowSeconds: 0 },
    ]);
    expect(answer).toEqual({ counts: [2, 1], codeTaken: false });

    const [signature] = await app.db.select().from(visitSignature).where(eq(visitSignature.visitId, visit.id));
    expect(signature).toMatchObject({ typedName: 'Ada Lovelace', signaturePng: Buffer.from('png') });
    expect(await s.count('visit_acknowledgement', visit.id)).toBe(3);
    const [copy] = await app.db.select().from(outboxMessage).where(eq(outboxMessage.visitId, visit.id));
    expect(copy).toMatchObject({ template: 'signed_form_copy', toAddress: 'ada@example.org', status: 'pending' });
    expect(await s.count('visit_screening', visit.id)).toBe(1);
    const audits = await app.db.execute<{ type: string }>(
      sql`select type from audit_event where visit_id = ${visit.id} order by id`,
    );
    expect(audits.map((a) => a.type)).toEqual(['visit.signed_in', 'screening.checked']);
    const jobs = await app.db.execute<{ kind: string }>(
      sql`select kind from job_outbox where payload->>'visitId' = ${visit.id} order by id`,
    );
    expect(jobs.map((j) => j.kind)).toEqual(['host_match', 'screening_alert']);
    const reserved = await app.db.execute(
      sql`select 1 from kiosk_visit_code where site_id = ${s.site.id} and code = ${visit.visitCode}`,
    );
    expect(reserved).toHaveLength(0);
  });

  it('tells a code another tablet holds, not one this tablet holds', async () => {
    const s = await scene();
    const held = s.newVisit(code());
    await s.reserve(held.visitCode, s.otherDeviceId);
    // A taken code rolls the attempt back in the sign-in; here the answer is only read.
    expect((await s.signIn(held, [])).codeTaken).toBe(true);
    const own = s.newVisit(code());
    await s.reserve(own.visitCode, s.deviceId);
    expect((await s.signIn(own, [])).codeTaken).toBe(false);
  });

  it('counts parallel sign-ins exactly once each in every window', async () => {
    const s = await scene();
    const [a, b] = [key(), key()];
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        s.signIn(s.newVisit(code()), [
          { key: a, windowSeconds: 60 },
          { key: b, windowSeconds: 60 },
        ]),
      ),
    );
    const sorted = (i: number) => answers.map((c) => c.counts[i]).sort((x = 0, y = 0) => x - y);
    const expected = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(sorted(0)).toEqual(expected);
    expect(sorted(1)).toEqual(expected);
  });

  it('writes and counts nothing for a visit that was not inserted (a resent sign-in)', async () => {
    const s = await scene();
    const visit = s.newVisit(code());
    const window = key();
    await expect(s.signIn(visit, [{ key: window, windowSeconds: 60 }], false)).rejects.toMatchObject({
      cause: { code: '23503' },
    });
    for (const table of ['visit_signature', 'visit_acknowledgement', 'outbox_message', 'visit_screening']) {
      expect(await s.count(table, visit.id)).toBe(0);
    }
    const [counted] = await app.db.execute<{ n: number }>(
      sql`select count(*)::int as n from rate_limit where key = ${window}`,
    );
    expect(counted?.n).toBe(0);
  });
});
