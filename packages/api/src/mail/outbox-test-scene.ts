import { schema } from '@threshold/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { member } from '../test-support/escort-harness.ts';
import { type Harness, kioskScene, visitorInput } from '../test-support/harness.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { type OutboxFailure, sendPendingOutbox } from './outbox-sender.ts';
import { startTestSmtp, type TestSmtp } from './smtp-test-server.ts';

export const VISITOR = { fullName: 'Imogen Featherstonehaugh', email: 'imogen.visitor@example.org' };

/**
 * A site where a visitor signed in at the kiosk and asked for their signed copy (one outbox message), with two
 * admins, a coordinator and a deactivated admin: who is told when mail fails, and who may resend it.
 */
export async function outboxScene(h: Harness) {
  const scene = await kioskScene(h);
  await scene.caller.visits.signIn(
    visitorInput(scene, { fullName: VISITOR.fullName, email: VISITOR.email, hostName: 'Nobody Here' }),
  );
  const [admin, secondAdmin, coordinator, reception, formerAdmin] = await Promise.all([
    member(h, scene.site, ['admin'], 'Ada Admin'),
    member(h, scene.site, ['admin'], 'Abe Admin'),
    member(h, scene.site, ['coordinator'], 'Cora Coordinator'),
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Fay Former'),
  ]);
  await h.db.update(schema.staff).set({ active: false }).where(eq(schema.staff.id, formerAdmin.id));
  const message = await h.db.query.outboxMessage.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, scene.site.id), eq(t.template, 'signed_form_copy')),
  });
  if (!message) throw new Error('the sign-in queued no signed copy');
  return { ...scene, admin, secondAdmin, coordinator, reception, formerAdmin, messageId: message.id };
}

export async function outboxRow(h: Harness, id: string) {
  const row = await h.db.query.outboxMessage.findFirst({ where: (t, { eq }) => eq(t.id, id) });
  if (!row) throw new Error('outbox row vanished');
  return row;
}

/** The site's messages of one template. */
export function outboxOf(h: Harness, siteId: string, template: string) {
  return h.db.query.outboxMessage.findMany({
    where: (t, { and, eq }) => and(eq(t.siteId, siteId), eq(t.template, template)),
  });
}

/** Time passes: every waiting message of the organisation is due now. */
export async function makeDue(h: Harness, organisationId: string) {
  await h.db
    .update(schema.outboxMessage)
    .set({ nextAttemptAt: new Date(Date.now() - 1000) })
    .where(eq(schema.outboxMessage.organisationId, organisationId));
}

/** Runs the sender for one organisation, as the server's worker does, collecting what it reports. */
export function sendFor(
  h: Harness,
  mailer: Mailer,
  organisationId: string,
  opts: { maxAttempts?: number; limit?: number } = {},
) {
  const failures: OutboxFailure[] = [];
  const run = () =>
    sendPendingOutbox(h.db, mailer, {
      limit: opts.limit ?? 20,
      maxAttempts: opts.maxAttempts ?? 6,
      now: () => new Date(),
      organisationId,
      onFailure: (f) => failures.push(f),
    });
  return { run, failures };
}

/**
 * A real SMTP server and a mailer sending to it, for one test file: started before its tests, emptied and accepting
 * again before each, closed after them.
 */
export function useTestSmtp() {
  let smtp: TestSmtp | null = null;
  let mailer: Mailer | null = null;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    mailer = createMailer(smtp.url, 'Threshold <no-reply@threshold.test>');
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    if (!smtp) return;
    smtp.received.length = 0;
    smtp.rejectRecipients = false;
  });
  const started = <T>(value: T | null): T => {
    if (value === null) throw new Error('the test SMTP server is used outside a test');
    return value;
  };
  return {
    get smtp(): TestSmtp {
      return started(smtp);
    },
    get mailer(): Mailer {
      return started(mailer);
    },
  };
}
