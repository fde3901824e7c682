import { z } from 'zod';
import { isoDay } from './dates.ts';
import { siteId, staffId } from './scope.ts';
import { text } from './text.ts';

const visitId = z.uuid({ error: 'Choose a visit' });

export const visitActionInput = z.object({ siteId, visitId });
export const assignEscortInput = z.object({ siteId, visitId, staffId });
export const offerHandoverInput = z.object({ siteId, visitId, toStaffId: staffId });
export const setDutyInput = z.object({ siteId, onDuty: z.boolean() });
export const acknowledgePolicyInput = z.object({ siteId, documentId: z.uuid() });

/** 6 digits, typed on the kiosk's PIN pad. */
export const staffPin = z.string().regex(/^\d{6}$/, { error: 'A PIN is 6 digits' });
export const setPinInput = z.object({ pin: staffPin });
export const confirmWithPinInput = z.object({
  visitCode: text({ error: 'Missing visit code', multiline: true })
    .max(64, { error: 'Missing visit code' })
    .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
    .pipe(z.string().length(6, { error: 'Missing visit code' })),
  pin: staffPin,
});

export const acknowledgeAlertInput = z.object({
  siteId,
  alertId: z.uuid(),
  note: text({ error: 'Say what was done', multiline: true, trim: true })
    .min(3, { error: 'Say what was done (at least a few words)' })
    .max(1000, { error: 'The note must be 1,000 characters or fewer' }),
});

/**
 * The most alerts one bulk acknowledge may close. A busy day brings 20–30; the cap keeps one transaction (and its
 * audit rows) small, and the desk sends a larger group in oldest-first slices of this size.
 */
export const MAX_BULK_ALERTS = 100;

/** Closes several open alerts at once with one note saying what was done; each still gets its own audit row. */
export const acknowledgeAlertsInput = z.object({
  siteId,
  alertIds: z
    .array(z.uuid({ error: 'Choose the alerts to acknowledge' }), { error: 'Choose the alerts to acknowledge' })
    .min(1, { error: 'Choose at least one alert to acknowledge' })
    .max(MAX_BULK_ALERTS, { error: `Acknowledge at most ${MAX_BULK_ALERTS} alerts at once` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'Choose each alert only once' }),
  note: acknowledgeAlertInput.shape.note,
});

export const recordTrainingInput = z.object({
  siteId,
  staffId,
  completedOn: isoDay('Enter the date as YYYY-MM-DD'),
});
