import { z } from 'zod';
import { staffRole } from '../enums.ts';

/**
 * Staff accounts, roles, duty and PINs, and the organisation's two-factor rule. Part of auditEventSchema (../audit.ts):
 * ids and enums only, never names.
 */
export const staffAuditEvents = [
  z.object({ type: z.literal('staff.duty_changed'), data: z.object({ onDuty: z.boolean() }) }),
  z.object({ type: z.literal('staff.policy_acknowledged'), data: z.object({ documentId: z.uuid() }) }),
  z.object({ type: z.literal('staff.pin_set'), data: z.object({}) }),
  z.object({ type: z.literal('staff.pin_locked'), data: z.object({ staffId: z.string(), deviceId: z.uuid() }) }),
  z.object({
    type: z.literal('staff.training_recorded'),
    data: z.object({ staffId: z.string(), completedOn: z.string() }),
  }),
  z.object({ type: z.literal('staff.deactivated'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('staff.created'), data: z.object({ staffId: z.string(), roles: z.array(staffRole) }) }),
  z.object({
    type: z.literal('staff.roles_changed'),
    data: z.object({ staffId: z.string(), added: z.array(staffRole), removed: z.array(staffRole) }),
  }),
  z.object({ type: z.literal('staff.reactivated'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('staff.two_factor_reset'), data: z.object({ staffId: z.string() }) }),
  z.object({ type: z.literal('organisation.two_factor_requirement_set'), data: z.object({ required: z.boolean() }) }),
] as const;
