import { z } from 'zod';

export const visitorCategories = [
  'researcher',
  'donor',
  'sponsor',
  'volunteer',
  'student_placement',
  'professional_other_agency',
  'contractor',
  'other',
] as const;
export const visitorCategory = z.enum(visitorCategories);
export type VisitorCategory = z.infer<typeof visitorCategory>;

export const visitStates = [
  'screening',
  'awaiting_escort',
  'escorted',
  'handover_pending',
  'signed_out',
  'departure_unconfirmed',
] as const;
export const visitState = z.enum(visitStates);
export type VisitState = z.infer<typeof visitState>;

export const staffRoles = ['admin', 'coordinator', 'reception', 'escort'] as const;
export const staffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRole>;
