import { claimPendingOutbox } from '@threshold/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  escortScene,
  makeEligibleEscort,
  outboxOf,
  settleHostMatch,
  signInVisitor,
} from '../test-support/escort-harness.ts';
import { createHarness, testPasswordHash, visitorInput } from '../test-support/harness.ts';
import { sendFor, useTestSmtp } from './outbox-test-scene.ts';
import { decodeWords } from './smtp-test-server.ts';

const h = createHarness({ max: 8 });
const testMail = useTestSmtp();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

const FLOOD = 25;

/** Subject and text of a plain-text mail as received, with quoted-printable soft line breaks joined. */
function readMail(raw: string | undefined) {
  const flat = (raw ?? '').replace(/=\r\n/g, '');
  const subject = /^subject: (.*)$/im.exec(flat.replace(/\r\n[ \t]+/g, ' '))?.[1] ?? '';
  return { subject: decodeWords(subject.trim()), text: flat.slice(flat.indexOf('\r\n\r\n')) };
}

describe('a flood of sign-ins naming one escort', () => {
  it('queues one email, which lists everyone waiting when it is sent', async () => {
    const scene = await escortScene(h);
    const dara = await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
    const kiosk = scene.kioskAs();
    const inputs = Array.from({ length: FLOOD }, (_, i) =>
      visitorInput(scene, { fullName: `Visitor${i} Person${i}`, hostName: 'Dara Chan' }),
    );
    await Promise.all(inputs.map((input) => kiosk.visits.signIn(input)));
    // Host matching runs after each commit; let every one of them finish.
    const visits = await h.db.query.visit.findMany({ where: (t, { eq }) => eq(t.siteId, scene.site.id) });
    expect(visits).toHaveLength(FLOOD);
    await settleHostMatch(
      h,
      visits.map((v) => v.id),
    );
    const assigned = await h.db.query.escortAssignment.findMany({ where: (t, { eq }) => eq(t.staffId, dara.id) });
    expect(assigned).toHaveLength(FLOOD);

    const queued = await outboxOf(h, scene.organisation.id, 'escort_assigned');
    expect(queued).toHaveLength(1);
    expect(queued[0]?.toAddress).toBe(dara.email);
    // Ids only in what is stored.
    expect(queued[0]?.payload).toEqual({ staffId: dara.id, siteId: scene.site.id });

    const sender = sendFor(h, testMail.mailer, scene.organisation.id);
    await sender.run();
    expect(testMail.smtp.received).toHaveLength(1);
    const mail = readMail(testMail.smtp.received[0]?.raw);
    expect(mail.subject).toBe(`Threshold: ${FLOOD} visitors need you as their escort`);
    // Ten of them by short name (in the order they arrived, which parallel sign-ins leave open), then the rest counted.
    const listed = /You are the escort for (\d+) visitors: (.*) and (\d+) more\./.exec(mail.text);
    expect(listed?.[1]).toBe(String(FLOOD));
    expect(listed?.[2]?.split(', ')).toHaveLength(10);
    expect(listed?.[2]?.split(', ').every((n) => /^Visitor\d+ P\.$/.test(n))).toBe(true);
    expect(listed?.[3]).toBe(String(FLOOD - 10));
    expect(mail.text).not.toMatch(/Person\d/);

    // Once it is sent, the next visitor for Dara gets an email of their own.
    await signInVisitor(h, scene, { fullName: 'Late Comer', hostName: 'Dara Chan' });
    const after = await outboxOf(h, scene.organisation.id, 'escort_assigned');
    expect(after.filter((m) => m.status === 'pending')).toHaveLength(1);
    await sender.run();
    expect(testMail.smtp.received).toHaveLength(2);
    // Everyone still waiting is listed again: nobody has confirmed yet.
    const second = readMail(testMail.smtp.received[1]?.raw);
    expect(second.text).toContain(`You are the escort for ${FLOOD + 1} visitors:`);
  });

  it('queues a new email while a sender is writing the waiting one, so no visitor is left out', async () => {
    const scene = await escortScene(h);
    await makeEligibleEscort(h, scene, { name: 'Lee Park' });
    await signInVisitor(h, scene, { fullName: 'First Visitor', hostName: 'Lee Park' });
    expect(await outboxOf(h, scene.organisation.id, 'escort_assigned')).toHaveLength(1);

    // A sender has claimed the message (its transaction holds the row) when the next visitor names Lee.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let claimed = () => {};
    const isClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const sending = h.db.transaction(async (tx) => {
      const rows = await claimPendingOutbox(tx, { limit: 10, organisationId: scene.organisation.id });
      expect(rows).toHaveLength(1);
      claimed();
      await held;
      // Rolled back: the test only needs the row held.
      tx.rollback();
    });
    await isClaimed;
    const second = visitorInput(scene, { fullName: 'Second Visitor', hostName: 'Lee Park' });
    await scene.kioskAs().visits.signIn(second);
    const visit = await h.db.query.visit.findFirst({
      where: (t, { eq }) => eq(t.idempotencyKey, second.idempotencyKey),
    });
    expect(visit).toBeDefined();
    if (visit) await settleHostMatch(h, visit.id);
    release();
    await sending.catch(() => {});
    expect(await outboxOf(h, scene.organisation.id, 'escort_assigned')).toHaveLength(2);
  });
});
