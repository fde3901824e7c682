import { type AuditEventInput, type AuditEventType, auditEventSchema } from './audit.ts';

/** What each kind of audit event is called wherever people read the trail (a visit's timeline, the audit page). */
export const auditEventLabels: Record<AuditEventType, string> = {
  'kiosk.pairing_code_created': 'Kiosk pairing code created',
  'kiosk.paired': 'Kiosk paired',
  'kiosk.revoked': 'Kiosk revoked',
  'kiosk.renamed': 'Kiosk renamed',
  'display.added': 'Board display added',
  'display.pairing_code_created': 'Board display pairing code created',
  'display.paired': 'Board display paired',
  'display.renamed': 'Board display renamed',
  'display.revoked': 'Board display revoked',
  'display.showing_started': 'Board display started showing',
  'visit.signed_in': 'Signed in at the kiosk',
  'visit.viewed': 'Visit record opened',
  'outbox.viewed': 'Outbox opened',
  'outbox.gave_up': 'Email given up on',
  'outbox.resent': 'Email queued again',
  'keys.reencrypted': 'Personal details re-encrypted',
  'visit.host_matched': 'Host found among staff',
  'visit.signed_out': 'Signed out',
  'visit.departure_unconfirmed': 'Departure not confirmed at closing time',
  'visit.departure_recorded': 'Departure recorded by staff',
  'escort.assigned': 'Escort assigned',
  'escort.confirmed': 'Escort confirmed',
  'escort.handover_offered': 'Handover offered',
  'escort.handover_accepted': 'Handover accepted',
  'escort.handover_cancelled': 'Handover cancelled',
  'escort.lost': 'Escort stopped escorting',
  'staff.duty_changed': 'Went on or off duty',
  'staff.policy_acknowledged': 'Policy acknowledged by staff',
  'staff.pin_set': 'PIN set',
  'staff.pin_locked': 'PIN locked after wrong tries',
  'staff.training_recorded': 'Training recorded',
  'staff.deactivated': 'Staff account deactivated',
  'staff.created': 'Staff account created',
  'staff.roles_changed': 'Roles changed',
  'staff.reactivated': 'Staff account reactivated',
  'staff.two_factor_reset': 'Two-factor sign-in reset',
  'organisation.two_factor_requirement_set': 'Two-factor requirement changed',
  'visits.exported': 'Visits exported',
  'reports.viewed': 'Report viewed',
  'audit.viewed': 'Audit trail viewed',
  'alert.raised': 'Alert raised',
  'alert.acknowledged': 'Alert acknowledged',
  'roll_call.started': 'Roll call started',
  'roll_call.marked': 'Marked at roll call',
  'roll_call.arrivals_added': 'Arrivals added to the roll call',
  'roll_call.closed': 'Roll call closed',
  'roll_call.viewed': 'Roll call opened',
  'document.draft_saved': 'Document draft saved',
  'document.draft_discarded': 'Document draft discarded',
  'document.published': 'Document published',
  'site.settings_changed': 'Site settings changed',
  'organisation.settings_changed': 'Organisation settings changed',
  'visit_log.searched': 'Visit log searched',
  'log_review.report_viewed': 'Exception report viewed',
  'log_review.signed_off': 'Log review signed off',
  'disclosure.recorded': 'Disclosure request recorded',
  'disclosure.updated': 'Disclosure request changed',
  'disclosure.viewed': 'Disclosure request opened',
  'retention.period_set': 'Retention period changed',
  'retention.schedule_set': 'Purge time or concern review period changed',
  'retention.visits_destroyed': 'Visits destroyed after the retention period',
  'retention.disclosures_destroyed': 'Disclosure requests destroyed after the retention period',
  'retention.purge_finished': 'Retention purge finished',
  'disclosures.exported': 'Disclosure register exported',
  'safeguarding.hold_placed': 'Safeguarding hold placed',
  'safeguarding.hold_released': 'Safeguarding hold released',
  'safeguarding.concern_raised': 'Concern raised',
  'safeguarding.concern_closed': 'Concern closed',
  'safeguarding.viewed': 'Safeguarding list viewed',
  'deny_list.entry_added': 'Deny-list entry added',
  'deny_list.entry_changed': 'Deny-list entry changed',
  'deny_list.entry_removed': 'Deny-list entry removed',
  'screening.checked': 'Deny-list check',
  'screening.decided': 'Screening decided',
  'subject_access.searched': 'Searched for a person’s records',
  'visit.subject_exported': 'Exported for subject access',
  'visit.erased': 'Erased on request',
  'visit.erasure_refused': 'Not erased: held for safeguarding',
};

/**
 * An audit row as the timeline hands it on: one of the audit union's events, typed by its `type`, or, for a row
 * written by an older version in a shape this one no longer knows, `unreadable` with the type it was recorded as
 * (an enum value, never personal data).
 */
export type TimelineEventKind = AuditEventInput | { type: 'unreadable'; data: { recordedAs: string } };

/** Who acted and the names an event refers to, resolved when the timeline is read. */
export interface TimelineEventMeta {
  id: number;
  at: Date;
  actorType: 'staff' | 'kiosk' | 'system';
  /** The member of staff or kiosk that acted, by its current name; null for the system or a removed actor. */
  actorName: string | null;
  staffName: string | null;
  fromStaffName: string | null;
  toStaffName: string | null;
  /** What the member of staff wrote when acknowledging an alert. */
  alertNote: string | null;
}

/** One event of a visit's timeline: a discriminated union on `type`, so `data` is typed once narrowed. */
export type VisitTimelineEvent = TimelineEventKind & TimelineEventMeta;

/** A stored row's type and data read against the audit union. */
export function timelineEventOf(type: string, data: unknown): TimelineEventKind {
  const parsed = auditEventSchema.safeParse({ type, data });
  return parsed.success ? parsed.data : { type: 'unreadable', data: { recordedAs: type } };
}

/** The name of an event's kind, for any event of the timeline. */
export function timelineEventLabel(event: TimelineEventKind): string {
  if (event.type === 'unreadable') return `An event this version cannot show, recorded as ${event.data.recordedAs}`;
  if (event.type === 'keys.reencrypted') return reencryptedLabel(event.data);
  return auditEventLabels[event.type];
}

type ReencryptedData = Extract<AuditEventInput, { type: 'keys.reencrypted' }>['data'];

const counted = (n: number | undefined, one: string, many: string) => (n ? [`${n} ${n === 1 ? one : many}`] : []);

/** What a re-encryption batch moved, in words: it may be visitors' details, the deny list or email addresses. */
function reencryptedLabel(data: ReencryptedData): string {
  const parts = [
    ...counted(data.visits, 'visit', 'visits'),
    ...counted(data.signatures, 'signature', 'signatures'),
    ...counted(data.denyListEntries, 'deny-list entry', 'deny-list entries'),
    ...counted(data.screeningNotes, 'screening note', 'screening notes'),
    ...counted(data.outboxMessages, 'email address', 'email addresses'),
  ];
  if (parts.length === 0) return auditEventLabels['keys.reencrypted'];
  // Start-up runs it only when it finds values stored in clear before an upgrade; the CLI after a key rotation.
  const what =
    data.via === 'start' ? `Encrypted at start-up under key ${data.keyId}` : `Re-encrypted under key ${data.keyId}`;
  return `${what}: ${parts.join(', ')}`;
}
