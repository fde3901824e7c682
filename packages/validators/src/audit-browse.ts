import { z } from 'zod';
import type { AuditEventType } from './audit.ts';
import { isoDay } from './dates.ts';
import { auditEventLabels, type TimelineEventKind } from './timeline.ts';
import { siteScopedInput } from './visit.ts';

const eventTypes = Object.keys(auditEventLabels) as [AuditEventType, ...AuditEventType[]];

/** Entries per page of the audit trail. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * Filters for browsing a site's audit trail, newest first. Ids, an event kind and dates only — never free text —
 * because they travel in the page's address and are themselves recorded when the trail is viewed.
 */
export const auditBrowseFilters = z
  .object({
    actorStaffId: z.uuid({ error: 'Choose a member of staff from the list' }).optional(),
    type: z.enum(eventTypes, { error: 'Choose a kind of event from the list' }).optional(),
    visitId: z.uuid({ error: 'That is not a visit’s id' }).optional(),
    from: isoDay('Enter the first day as a date').optional(),
    to: isoDay('Enter the last day as a date').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    error: 'The last day must be on or after the first day',
  });
export type AuditBrowseFilters = z.infer<typeof auditBrowseFilters>;

export const auditBrowseInput = siteScopedInput.extend({
  filters: auditBrowseFilters,
  /** The id of the last entry of the previous page (entries are numbered in the order written). */
  before: z.number().int().positive().optional(),
});

/** One entry of the trail as the audit page shows it: the typed event, who acted (by current name) and its visit. */
export type AuditTrailEntry = TimelineEventKind & {
  id: number;
  at: Date;
  actorType: 'staff' | 'kiosk' | 'display' | 'system';
  actorId: string | null;
  /** The member of staff or kiosk that acted; null for the system, a display or a removed actor. */
  actorName: string | null;
  visitId: string | null;
};
