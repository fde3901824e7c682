import { afterAll, describe, expect, it } from 'vitest';
import { auditRowsOfType, createHarness, visitorInput } from '../test-support/harness.ts';
import { outboxOf, outboxRow, outboxScene, sendFor, useTestSmtp, VISITOR } from './outbox-test-scene.ts';

const h = createHarness();
const testMail = useTestSmtp();
afterAll(() => h.close());

/**
 * A scene whose visitors' copies (one, or two with `secondVisitor`) the SMTP server refused until the sender gave
 * up; the admins' notices, queued by the first, still wait.
 */
async function failedScene(opts: { secondVisitor?: boolean } = {}) {
  const scene = await outboxScene(h);
  const copies = opts.secondVisitor ? 2 : 1;
  if (opts.secondVisitor) {
    await scene.caller.visits.signIn(visitorInput(scene, { email: 'second@example.org', hostName: 'Nobody Here' }));
  }
  testMail.smtp.rejectRecipients = true;
  // One attempt allowed, and only as many messages as there are copies: the oldest, so not the notices.
  const run = sendFor(h, testMail.mailer, scene.organisation.id, { maxAttempts: 1, limit: copies }).run();
  expect(await run).toEqual({ sent: 0, failed: copies });
  testMail.smtp.rejectRecipients = false;
  expect(await outboxRow(h, scene.messageId)).toMatchObject({ status: 'failed' });
  return scene;
}

describe('sending failed email again', () => {
  it('lets an admin put a failed message back in the queue (recorded), after which it is delivered once', async () => {
    const scene = await failedScene();
    const siteId = scene.site.id;
    const input = { siteId, messageId: scene.messageId };
    expect(await scene.admin.as().outbox.summary({ siteId })).toEqual({ failed: 1 });
    expect(await scene.coordinator.as().outbox.summary({ siteId })).toEqual({ failed: 1 });

    // Coordinators see the banner but do not look after the mail; reception sees neither.
    await expect(scene.coordinator.as().outbox.resend(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(scene.reception.as().outbox.resend(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(scene.coordinator.as().outbox.resendAllFailed({ siteId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(scene.reception.as().outbox.summary({ siteId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Not a message id: a field error, and nothing changes.
    await expect(scene.admin.as().outbox.resend({ siteId, messageId: 'not-an-id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await outboxRow(h, scene.messageId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await auditRowsOfType(h, scene.organisation.id, 'outbox.resent')).toEqual([]);

    expect(await scene.admin.as().outbox.resend(input)).toEqual({ resent: 1 });
    const requeued = await outboxRow(h, scene.messageId);
    expect(requeued).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(requeued.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const [audit, ...more] = await auditRowsOfType(h, scene.organisation.id, 'outbox.resent');
    expect(more).toEqual([]);
    expect(audit).toMatchObject({
      siteId,
      actorType: 'staff',
      actorId: scene.admin.id,
      data: { messageIds: [scene.messageId], via: 'admin' },
    });
    expect(await scene.admin.as().outbox.summary({ siteId })).toEqual({ failed: 0 });
    // Pending again: a second press cannot queue it twice.
    await expect(scene.admin.as().outbox.resend(input)).rejects.toMatchObject({ code: 'CONFLICT' });

    const sender = sendFor(h, testMail.mailer, scene.organisation.id);
    // The copy and the two admins' notices.
    expect(await sender.run()).toEqual({ sent: 3, failed: 0 });
    expect(await sender.run()).toEqual({ sent: 0, failed: 0 });
    expect(testMail.smtp.received.filter((m) => m.rcptTo.includes(VISITOR.email))).toHaveLength(1);
    expect(await outboxRow(h, scene.messageId)).toMatchObject({ status: 'sent', attempts: 1, toAddress: null });
    await expect(scene.admin.as().outbox.resend(input)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('touches only failed messages of the site asked about', async () => {
    const here = await failedScene({ secondVisitor: true });
    const there = await failedScene();
    const siteId = here.site.id;
    // A message of another site, named at this site: there is no such message here.
    await expect(here.admin.as().outbox.resend({ siteId, messageId: there.messageId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Naming the other site: not an admin there.
    await expect(
      here.admin.as().outbox.resend({ siteId: there.site.id, messageId: there.messageId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(here.admin.as().outbox.resendAllFailed({ siteId: there.site.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // Both copies here failed; "send all again" takes both, and nothing of the other site.
    const copies = await outboxOf(h, siteId, 'signed_form_copy');
    expect(copies.map((c) => c.status)).toEqual(['failed', 'failed']);
    expect(await here.coordinator.as().outbox.summary({ siteId })).toEqual({ failed: 2 });
    expect(await there.coordinator.as().outbox.summary({ siteId: there.site.id })).toEqual({ failed: 1 });

    expect(await here.admin.as().outbox.resendAllFailed({ siteId })).toEqual({ resent: 2 });
    const [audit] = await auditRowsOfType(h, here.organisation.id, 'outbox.resent');
    expect((audit?.data as { messageIds?: string[] } | undefined)?.messageIds?.sort()).toEqual(
      copies.map((c) => c.id).sort(),
    );
    expect(await outboxRow(h, there.messageId)).toMatchObject({ status: 'failed' });
    expect(await there.coordinator.as().outbox.summary({ siteId: there.site.id })).toEqual({ failed: 1 });

    // Nothing failed any more: no error, and nothing to record.
    expect(await here.admin.as().outbox.resendAllFailed({ siteId })).toEqual({ resent: 0 });
    expect(await auditRowsOfType(h, here.organisation.id, 'outbox.resent')).toHaveLength(1);
  });
});
