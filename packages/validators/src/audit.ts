import { z } from 'zod';
import { dataProtectionAuditEvents } from './audit-events/data-protection.ts';
import { deviceAuditEvents } from './audit-events/devices.ts';
import { recordReviewAuditEvents } from './audit-events/record-reviews.ts';
import { safeguardingAuditEvents } from './audit-events/safeguarding.ts';
import { siteAdminAuditEvents } from './audit-events/site-admin.ts';
import { staffAuditEvents } from './audit-events/staff.ts';
import { visitAuditEvents } from './audit-events/visits.ts';

/**
 * Every audit event the system writes. Data carries ids and enums only — never names — so the trail
 * holds no personal data in clear and survives the destruction of visits under retention.
 */
export const auditEventSchema = z.discriminatedUnion('type', [
  ...deviceAuditEvents,
  ...visitAuditEvents,
  ...staffAuditEvents,
  ...siteAdminAuditEvents,
  ...recordReviewAuditEvents,
  ...safeguardingAuditEvents,
  ...dataProtectionAuditEvents,
]);
export type AuditEventInput = z.infer<typeof auditEventSchema>;
export type AuditEventType = AuditEventInput['type'];
