import { z } from 'zod';

export const liveEventTypes = ['visit', 'alert', 'escort'] as const;

/**
 * What one server process tells the others (through PostgreSQL NOTIFY) and then a browser: ids and kinds only.
 * Unknown keys are dropped rather than refused, so a newer process may add a field during a rolling deploy,
 * yet nothing but these ids is ever passed on.
 */
export const liveEventSchema = z.object({
  type: z.enum(liveEventTypes),
  organisationId: z.uuid(),
  siteId: z.uuid(),
  visitId: z.uuid().optional(),
  alertId: z.uuid().optional(),
  staffId: z.uuid().optional(),
});
export type LiveEventPayload = z.infer<typeof liveEventSchema>;
