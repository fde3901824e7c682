import {
  type ClaimedOutboxMessage,
  type DbOrTx,
  getSite,
  getStaffNames,
  getVisitorName,
  listVisitorsAwaitingEscort,
} from '@threshold/db';
import { alertKind, visitReadingRoles } from '@threshold/validators';
import { z } from 'zod';
import { CONFIDENTIALITY_NOTICE, endSentence, mailName } from './common.ts';
import type { MailMessage } from './mailer.ts';

const alertText = {
  unescorted: 'A visitor at your site has no confirmed escort.',
  escort_off_duty: 'An escort went off duty while responsible for a visitor, who is now unescorted.',
  escort_deactivated: 'A deactivated account was escorting a visitor, who is now unescorted.',
  overrun: 'A visit has lasted longer than expected.',
  visit_access_granted: 'Someone was given access to visit records.',
  safeguarding_concern: 'A safeguarding concern was raised during a visit at your site, and the visit is held.',
  screening: 'A visitor who signed in at your site is waiting for a coordinator to admit or refuse them. Decide now.',
  screening_refused: 'A visitor held at sign-in was refused; reception has been asked to see them out.',
} as const;

/** Emails to staff. They carry the least possible: no site address, organisation, purpose or full names. */
export const staffTemplates = {
  escort_assigned: true,
  alert_raised: true,
  mail_failed: true,
  visit_access_granted: true,
} as const;

const mailFailedPayload = z.object({ attempts: z.number().int().positive() });
const visitAccessPayload = z.object({
  siteId: z.uuid(),
  staffId: z.string(),
  byStaffId: z.string().nullable(),
  roles: z.array(z.enum(visitReadingRoles)).min(1),
  at: z.iso.datetime(),
});

export async function renderStaffMessage(
  db: DbOrTx,
  row: Pick<ClaimedOutboxMessage, 'id' | 'template' | 'visitId' | 'toAddress' | 'payload'>,
): Promise<MailMessage | null> {
  // About the mail itself, not a visit: it names no visitor and no address, only what to do.
  if (row.template === 'mail_failed') {
    const payload = mailFailedPayload.safeParse(row.payload);
    if (!payload.success) return null;
    const { attempts } = payload.data;
    return message(row, 'Threshold: an email could not be sent', [
      `An email from Threshold could not be sent after ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}.`,
      'Open Outbox in the admin app to send it again. If several emails failed, the mail server may be ' +
        'unreachable: tell whoever looks after the Threshold server.',
    ]);
  }
  if (row.template === 'visit_access_granted') return renderVisitAccessGranted(db, row);
  if (!row.visitId) return null;
  if (row.template === 'escort_assigned') return renderEscortNeeded(db, { ...row, visitId: row.visitId });
  const kind = alertKind.safeParse((row.payload as { kind?: unknown } | null)?.kind);
  if (!kind.success) return null;
  if (kind.data === 'safeguarding_concern') {
    return message(row, 'Threshold alert: a safeguarding concern was raised', [
      alertText[kind.data],
      'Open Concerns in Threshold to read it and act, then acknowledge the alert on the live board with a note.',
    ]);
  }
  return message(row, 'Threshold alert: a visitor may be unescorted', [
    alertText[kind.data],
    'Open the live board in Threshold to see who, act, and acknowledge the alert with a note.',
  ]);
}

/**
 * To coordinators: who was given a role that reads visits, where, by whom and when — names as first name and
 * initial, and no site name for a concealed site.
 */
async function renderVisitAccessGranted(db: DbOrTx, row: { id: string; toAddress: string; payload: unknown }) {
  const payload = visitAccessPayload.safeParse(row.payload);
  if (!payload.success) return null;
  const { siteId, staffId, byStaffId, roles, at } = payload.data;
  const [site, names] = await Promise.all([
    getSite(db, { siteId }),
    getStaffNames(db, { staffIds: byStaffId ? [staffId, byStaffId] : [staffId] }),
  ]);
  const name = names.get(staffId);
  if (!site || !name) return null;
  const by = byStaffId ? names.get(byStaffId) : undefined;
  const when = new Date(at);
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: site.timezone, day: 'numeric', month: 'long' });
  const where = site.concealed ? 'at one of your sites' : `at ${site.name}`;
  const who = by ? `by ${mailName(by)}` : 'through the server’s command line';
  return message(row, 'Threshold: someone was given access to visit records', [
    `${mailName(name)} was given ${roles.join(' and ')} access ${where} ${who} at ${clock.format(when)} on ${day.format(when)}.`,
    'With it they can see visitors’ names and visit records.',
    'If you did not expect this, ask another admin to remove the role now (Staff, in the admin app), and check the ' +
      'audit trail for what they opened.',
  ]);
}

const escortPayload = z.object({ staffId: z.string(), siteId: z.uuid() });
// Enough names to recognise a group; the rest are counted.
const NAMES_LISTED = 10;

/**
 * "A visitor needs you": everyone at the site waiting for this escort when the email is sent (one email stands for
 * all the assignments made while it waited), or the visitor it was queued for when that list is already empty.
 */
async function renderEscortNeeded(
  db: DbOrTx,
  row: Pick<ClaimedOutboxMessage, 'id' | 'toAddress' | 'payload'> & { visitId: string },
): Promise<MailMessage | null> {
  // Messages queued before emails were combined carry no payload: they name their own visitor.
  const payload = escortPayload.safeParse(row.payload);
  const waiting = payload.success ? await listVisitorsAwaitingEscort(db, payload.data) : [];
  const first = await getVisitorName(db, { visitId: row.visitId });
  const names = waiting.length > 0 ? waiting : first ? [first] : [];
  if (names.length === 0) return null;
  const go =
    'Please go to them now, then confirm in Threshold that you are with them — on your phone (“I am with them”) ' +
    'or at the kiosk with your PIN.';
  const [only] = names;
  if (names.length === 1 && only) {
    return message(row, 'Threshold: a visitor needs you as their escort', [
      endSentence(`You are the escort for ${mailName(only)}`),
      go,
    ]);
  }
  const listed = names.slice(0, NAMES_LISTED).map(mailName);
  const more = names.length - listed.length;
  return message(row, `Threshold: ${names.length} visitors need you as their escort`, [
    endSentence(
      `You are the escort for ${names.length} visitors: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    ),
    go,
  ]);
}

function message(row: { id: string; toAddress: string }, subject: string, lines: string[]): MailMessage {
  return {
    id: row.id,
    to: row.toAddress,
    subject,
    text: [...lines, '', CONFIDENTIALITY_NOTICE, ''].join('\n'),
    attachments: [],
  };
}
