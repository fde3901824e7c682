import { z } from 'zod';

/** The emails Threshold sends; an outbox row's `template`. */
export const outboxTemplate = z.enum([
  'signed_form_copy',
  'escort_assigned',
  'alert_raised',
  'mail_failed',
  'visit_access_granted',
  'kiosk_sign_out_notice',
]);
export type OutboxTemplate = z.infer<typeof outboxTemplate>;

/**
 * Why an attempt failed, as the sender stores it: an error code and perhaps an SMTP status ("EENVELOPE 550"), never
 * the server's reply text (which can quote the address).
 */
export const outboxFailureReason = z.string().regex(/^[A-Z0-9_]{1,32}( \d{3})?$/);
