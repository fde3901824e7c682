import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { publishVersion } from '../test-support/documents.ts';
import {
  auditRowsOfType,
  callerFor,
  createHarness,
  errorOf,
  type Harness,
  httpCall,
  kioskScene,
  pairKioskAt,
  visitorInput,
} from '../test-support/harness.ts';

// Sign-ins a tablet kept through an outage arrive late, with the time the visitor signed and the code on their badge.
const h = createHarness();
afterAll(() => h.close());

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** A scene whose kiosk was paired an hour ago, so sign-ins from the last hour are believable. */
async function pairedAnHourAgo(harness: Harness) {
  const scene = await kioskScene(harness);
  await harness.handle
    .sql`update kiosk_device set paired_at = ${minutesAgo(60).toISOString()} where id = ${scene.kiosk.deviceId}`;
  return scene;
}

async function visitOf(key: string) {
  const visit = await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.idempotencyKey, key) });
  if (!visit) throw new Error('visit not stored');
  return visit;
}

describe('a sign-in delivered late', () => {
  it('is stored with the time the visitor signed, recorded when it arrived, and audited as late', async () => {
    const scene = await pairedAnHourAgo(h);
    const signedAt = minutesAgo(10);
    const input = visitorInput(scene, { fullName: 'Late Arrival', signedAt });
    const receipt = await scene.caller.visits.signIn(input);
    expect(receipt.signedInAt.toISOString()).toBe(signedAt.toISOString());

    const visit = await visitOf(input.idempotencyKey);
    expect(visit.signedInAt.toISOString()).toBe(signedAt.toISOString());
    expect(visit.recordedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const signature = await h.db.query.visitSignature.findFirst({ where: (t, { eq }) => eq(t.visitId, visit.id) });
    expect(signature?.signedAt.toISOString()).toBe(signedAt.toISOString());
    const [audit] = await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in');
    const late = (audit?.data as { deliveredLateSeconds?: number } | undefined)?.deliveredLateSeconds ?? 0;
    expect(late).toBeGreaterThanOrEqual(599);
    expect(late).toBeLessThan(700);
  });

  it('is never put in the future by a tablet clock running fast, nor before the tablet was paired', async () => {
    const scene = await pairedAnHourAgo(h);
    const ahead = visitorInput(scene, { fullName: 'Fast Clock', signedAt: new Date(Date.now() + 3_600_000) });
    const before = Date.now();
    const fast = await scene.caller.visits.signIn(ahead);
    expect(fast.signedInAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(fast.signedInAt.getTime()).toBeLessThanOrEqual(Date.now());

    const device = await h.db.query.kioskDevice.findFirst({ where: (t, { eq }) => eq(t.id, scene.kiosk.deviceId) });
    const early = await scene.caller.visits.signIn(
      visitorInput(scene, { fullName: 'Slow Clock', signedAt: minutesAgo(600) }),
    );
    expect(early.signedInAt.toISOString()).toBe(device?.pairedAt.toISOString());
  });

  it('is judged by the document versions of its own time: accepted, and recorded on the version signed', async () => {
    const scene = await pairedAnHourAgo(h);
    // The form the visitor read was current until just now, when a new version was published.
    const next = await publishVersion(h, scene.site, {
      kind: 'visitor_confidentiality_form',
      language: 'en',
      body: 'A newer form, published while the tablet was offline.',
    });
    const signedAt = minutesAgo(0.5);
    const input = visitorInput(scene, { fullName: 'Old Version', signedAt });
    await expect(scene.caller.visits.signIn(input)).resolves.toMatchObject({ replayed: false });
    const visit = await visitOf(input.idempotencyKey);
    const signature = await h.db.query.visitSignature.findFirst({ where: (t, { eq }) => eq(t.visitId, visit.id) });
    expect(signature?.documentId).toBe(scene.documents.form.documentId);
    expect(signature?.documentId).not.toBe(next.id);

    // Signed now on the superseded version: read the new one again, as before.
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      { path: 'visits.signIn', type: 'mutation', input: visitorInput(scene, { fullName: 'Signed Now' }) },
    );
    expect(res.status).toBe(409);
    expect(errorOf(res).message).toContain('Please read it again');
  });
});

describe('visit codes set aside for a tablet', () => {
  it('puts the tablet’s code on the visit, takes it out of the reserve, and keeps it on a replay', async () => {
    const scene = await kioskScene(h);
    const { codes } = await scene.caller.kiosk.heartbeat({ queued: 0, queuedSince: null, usedThroughSeq: 0 });
    const [first] = codes;
    if (!first) throw new Error('no reserved codes');
    const input = visitorInput(scene, { fullName: 'Reserved Code', visitCode: first.code });
    const receipt = await scene.caller.visits.signIn(input);
    expect(receipt.visitCode).toBe(first.code);
    expect(await scene.caller.visits.signIn(input)).toMatchObject({ visitCode: first.code, replayed: true });

    const after = await scene.caller.kiosk.heartbeat({ queued: 0, queuedSince: null, usedThroughSeq: first.seq });
    expect(after.codes.map((c) => c.code)).not.toContain(first.code);
    expect(after.codes).toHaveLength(codes.length);
  });

  it('never gives a visitor a code another tablet holds: the visit gets another, and the audit says so', async () => {
    const scene = await kioskScene(h);
    const other = await pairKioskAt(h, scene.site, 'Other tablet');
    const { codes } = await callerFor(h, { kioskToken: other.token }).kiosk.heartbeat({
      queued: 0,
      queuedSince: null,
      usedThroughSeq: 0,
    });
    const held = codes[0]?.code ?? '';
    const receipt = await scene.caller.visits.signIn(visitorInput(scene, { fullName: 'Wrong Code', visitCode: held }));
    expect(receipt.visitCode).not.toBe(held);
    const [audit] = await auditRowsOfType(h, scene.organisation.id, 'visit.signed_in');
    expect(audit?.data).toMatchObject({ visitCodeReplaced: true });
  });
});

describe('what follows a sign-in', () => {
  it('is queued in the sign-in’s own transaction: the live event, host matching and escort checks, ids only', async () => {
    const scene = await kioskScene(h);
    const input = visitorInput(scene, { fullName: 'Queued Follow Up', email: 'queued@example.org' });
    await scene.caller.visits.signIn(input);
    const visit = await visitOf(input.idempotencyKey);
    const rows = await h.handle.sql<{ kind: string; payload: Record<string, unknown> }[]>`
      select kind, payload from job_outbox where payload->>'visitId' = ${visit.id} order by id`;
    expect(rows.map((r) => r.kind)).toEqual(['screening_alert', 'live_event', 'host_match', 'visit_checks']);
    expect(rows[0]?.payload).toEqual({ visitId: visit.id });
    expect(rows[2]?.payload).toEqual({ visitId: visit.id });
    expect(rows[3]?.payload).toMatchObject({ visitId: visit.id, escortConfirmSeconds: expect.any(Number) });
    expect(JSON.stringify(rows)).not.toMatch(/Queued|Follow|queued@example/);
  });

  it('is not queued when the sign-in is refused', async () => {
    const scene = await kioskScene(h);
    const key = randomUUID();
    const wrong = { ...scene.documents.noPhotography, documentId: scene.documents.form.documentId };
    await expect(
      scene.caller.visits.signIn(visitorInput(scene, { idempotencyKey: key, noPhotography: wrong })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const [row] = await h.handle.sql<{ n: number }[]>`
      select count(*)::int as n from job_outbox j join visit v on v.id::text = j.payload->>'visitId'
      where v.idempotency_key = ${key}`;
    expect(row?.n).toBe(0);
    expect(await h.db.query.visit.findFirst({ where: (t, { eq }) => eq(t.idempotencyKey, key) })).toBeUndefined();
  });
});
