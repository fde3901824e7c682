import {
  actionRoles,
  sectionRoles,
  setRetentionInput,
  setRetentionScheduleInput,
  siteScopedInput,
} from '@threshold/validators';
import { readRetention, setRetention, setRetentionSchedule } from '../domain/retention/settings.ts';
import { router, staffProcedure } from '../trpc.ts';

export const retentionRouter = router({
  /** The retention periods that apply at the site and the organisation's recent purges (counts, no names). */
  overview: staffProcedure(...sectionRoles.retention)
    .input(siteScopedInput)
    .query(({ ctx }) => readRetention(ctx.db, { siteId: ctx.siteId })),

  /** Sets the organisation's period and this site's own (null: follow the organisation). Audited, old and new. */
  setPeriod: staffProcedure(...actionRoles.setRetention)
    .input(setRetentionInput)
    .mutation(({ ctx, input }) => setRetention(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id })),

  /** Sets the organisation's nightly purge time and concern review period. Audited, old and new. */
  setSchedule: staffProcedure(...actionRoles.setRetention)
    .input(setRetentionScheduleInput)
    .mutation(({ ctx, input }) =>
      setRetentionSchedule(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id }),
    ),
});
