import { afterAll, describe, expect, it } from 'vitest';
import { auditRowsOfType, createHarness, visitorInput } from '../test-support/harness.ts';
import { createMailer } from './mailer.ts';
import { describeOutboxFailure } from './outbox-sender.ts';
import { makeDue, outboxOf, outboxRow, outboxScene, sendFor, useTestSmtp, VISITOR } from './outbox-test-scene.ts';
import { renderOutboxMessage } from './templates.ts';

const h = createHarness();
const testMail = useTestSmtp();
afterAll(() => h.close());

/** Everything personal a log line or an audit row must never hold. */
const personal = [VISITOR.email, 'imogen', 'Featherstonehaugh', 'example.org', 'test.threshold.local', '@'];

describe('a message the SMTP server keeps refusing', () => {
  it('reports each attempt with ids and codes only, gives up after maxAttempts, records it and alerts the admins', async () => {
    const scene = await outboxScene(h);
    const sender = sendFor(h, testMail.mailer, scene.organisation.id, { maxAttempts: 3 });
    testMail.smtp.rejectRecipients = true;
    for (let attempt = 1; attempt <= 2; attempt++) {
      await makeDue(h, scene.organisation.id);
      expect(await sender.run()).toEqual({ sent: 0, failed: 1 });
    }
    // The third attempt gives up and queues a notice to each admin; the notices are due at once, and fail too.
    await makeDue(h, scene.organisation.id);
    expect(await sender.run()).toEqual({ sent: 0, failed: 3 });
    const copyFailures = sender.failures.filter((f) => f.messageId === scene.messageId);
    expect(copyFailures.map((f) => [f.template, f.attempt, f.reason, f.gaveUp])).toEqual([
      ['signed_form_copy', 1, 'EENVELOPE 550', false],
      ['signed_form_copy', 2, 'EENVELOPE 550', false],
      ['signed_form_copy', 3, 'EENVELOPE 550', true],
    ]);
    expect(sender.failures.filter((f) => f.template === 'mail_failed').map((f) => [f.attempt, f.gaveUp])).toEqual([
      [1, false],
      [1, false],
    ]);
    const [first, , last] = copyFailures;
    // The backoff the row holds: two minutes after the first attempt.
    const wait = (first?.nextAttemptAt?.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(100_000);
    expect(wait).toBeLessThanOrEqual(120_000);
    expect(last?.nextAttemptAt).toBeNull();
    const lines = copyFailures.map((f) => describeOutboxFailure(f, new Date()));
    expect(lines[0]).toBe(
      `message ${scene.messageId} (signed_form_copy) attempt 1 failed: EENVELOPE 550; next try in 2 min`,
    );
    expect(lines[2]).toContain('attempt 3 failed: EENVELOPE 550; gave up after 3 attempts');
    expect(lines[2]).toContain(`outbox resend --id ${scene.messageId}`);
    // What the callback received, as the worker would log it: no address, no name, in any form.
    const logged = `${JSON.stringify(sender.failures)}\n${lines.join('\n')}`.toLowerCase();
    for (const secret of personal) expect(logged).not.toContain(secret.toLowerCase());

    expect(await outboxRow(h, scene.messageId)).toMatchObject({ status: 'failed', attempts: 3 });
    const [gaveUp, ...more] = await auditRowsOfType(h, scene.organisation.id, 'outbox.gave_up');
    expect(more).toEqual([]);
    expect(gaveUp).toMatchObject({
      siteId: scene.site.id,
      actorType: 'system',
      data: {
        messageId: scene.messageId,
        template: 'signed_form_copy',
        attempts: 3,
        reason: 'EENVELOPE 550',
        adminsAlerted: 2,
      },
    });
    for (const secret of personal) expect(JSON.stringify(gaveUp?.data).toLowerCase()).not.toContain(secret);

    // One notice to each active admin: not the coordinator, not the deactivated admin.
    const notices = await outboxOf(h, scene.site.id, 'mail_failed');
    expect(notices.map((n) => n.toAddress).sort()).toEqual([scene.admin.email, scene.secondAdmin.email].sort());
    const notice = notices[0];
    if (!notice?.toAddress) throw new Error('no notice');
    expect(notice).toMatchObject({ status: 'pending', attempts: 1, visitId: null, payload: { attempts: 3 } });
    const mail = await renderOutboxMessage(h.db, { ...notice, toAddress: notice.toAddress });
    expect(mail?.subject).toBe('Threshold: an email could not be sent');
    expect(mail?.text).toContain('An email from Threshold could not be sent after 3 attempts.');
    expect(mail?.text).toContain('Open Outbox in the admin app to send it again.');
    for (const secret of ['Imogen', 'Featherstonehaugh', VISITOR.email, scene.site.name]) {
      expect(`${mail?.subject}\n${mail?.text}`).not.toContain(secret);
    }

    // The SMTP server takes mail again: the notices go out, and the failed copy stays failed until someone resends it.
    testMail.smtp.rejectRecipients = false;
    await makeDue(h, scene.organisation.id);
    expect(await sender.run()).toEqual({ sent: 2, failed: 0 });
    expect(testMail.smtp.received.flatMap((m) => m.rcptTo).sort()).toEqual(
      [scene.admin.email, scene.secondAdmin.email].sort(),
    );
    // A plain-text mail (no attachment), perhaps with quoted-printable soft line breaks.
    const raw = (testMail.smtp.received[0]?.raw ?? '').replace(/=\r\n/g, '');
    expect(raw).toContain('could not be sent after 3 attempts');
    expect(raw).not.toContain('Featherstonehaugh');
    expect(await outboxRow(h, scene.messageId)).toMatchObject({ status: 'failed' });
  });

  it('raises no notice for a failed notice, and one notice per outage rather than one per failed message', async () => {
    const scene = await outboxScene(h);
    // A second visitor's copy: two messages fail together.
    const sender = sendFor(h, testMail.mailer, scene.organisation.id, { maxAttempts: 1 });
    await scene.caller.visits.signIn(visitorInput(scene, { email: 'second@example.org', hostName: 'Nobody Here' }));
    testMail.smtp.rejectRecipients = true;
    expect(await sender.run()).toEqual({ sent: 0, failed: 4 });
    // Both copies gave up (one attempt allowed); the first queued a notice to each admin, the second none, as those
    // were still waiting; then both notices failed too, and raised nothing more.
    const audits = await auditRowsOfType(h, scene.organisation.id, 'outbox.gave_up');
    expect(
      audits.map((a) => [
        (a.data as { template: string }).template,
        (a.data as { adminsAlerted: number }).adminsAlerted,
      ]),
    ).toEqual([
      ['signed_form_copy', 2],
      ['signed_form_copy', 0],
      ['mail_failed', 0],
      ['mail_failed', 0],
    ]);
    const notices = await outboxOf(h, scene.site.id, 'mail_failed');
    expect(notices.map((n) => n.status)).toEqual(['failed', 'failed']);
    await makeDue(h, scene.organisation.id);
    expect(await sender.run()).toEqual({ sent: 0, failed: 0 });
  });

  it('says when it cannot reach the SMTP server at all, and when the next try is', async () => {
    const scene = await outboxScene(h);
    // Nothing listens on port 1: the connection is refused.
    const unreachable = createMailer('smtp://127.0.0.1:1', 'Threshold <no-reply@threshold.test>');
    try {
      const sender = sendFor(h, unreachable, scene.organisation.id);
      expect(await sender.run()).toEqual({ sent: 0, failed: 1 });
      const [failure] = sender.failures;
      if (!failure) throw new Error('no failure reported');
      // nodemailer's code for a refused connection.
      expect(failure).toMatchObject({ messageId: scene.messageId, attempt: 1, reason: 'ESOCKET', gaveUp: false });
      expect(describeOutboxFailure(failure, new Date())).toMatch(/attempt 1 failed: ESOCKET; next try in 2 min$/);
      expect(await outboxRow(h, scene.messageId)).toMatchObject({ status: 'pending', lastError: 'ESOCKET' });
    } finally {
      unreachable.close();
    }
  });
});
