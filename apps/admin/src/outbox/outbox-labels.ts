import type { OutboxTemplate } from '@threshold/validators';

const templateLabel: Record<OutboxTemplate, string> = {
  signed_form_copy: 'Signed form copy (to the visitor)',
  escort_assigned: 'Escort request (to the escort)',
  alert_raised: 'Alert (to coordinators)',
  mail_failed: 'Email failure notice (to admins)',
  visit_access_granted: 'Access to visit records given (to coordinators)',
  kiosk_sign_out_notice: 'Visitor signed out at the kiosk (to the escort)',
};

/** What a message is, for the Outbox's "What" column. */
export function outboxTemplateLabel(template: string): string {
  return (templateLabel as Record<string, string>)[template] ?? 'Other email';
}

// The sender stores a code (nodemailer's, or its own), never the server's reply: say what it means.
const reasonLabel: Record<string, string> = {
  EENVELOPE: 'the mail server refused the address',
  ECONNECTION: 'the mail server could not be reached',
  ESOCKET: 'the mail server could not be reached',
  ETIMEDOUT: 'the mail server did not answer in time',
  EDNS: 'the mail server’s name could not be looked up',
  EAUTH: 'the mail server refused Threshold’s sign-in',
  EMESSAGE: 'the mail server refused the message',
  VISIT_GONE: 'its visit no longer exists',
  UNKNOWN_TEMPLATE: 'Threshold does not know this kind of email',
  RENDER_FAILED: 'it could not be prepared',
};

/** "the mail server refused the address (EENVELOPE 550)". */
export function outboxFailureLabel(lastError: string | null): string | null {
  if (!lastError) return null;
  const code = lastError.split(' ')[0] ?? '';
  return `${reasonLabel[code] ?? 'sending failed'} (${lastError})`;
}
