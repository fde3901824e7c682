import { outboxMessageInput } from '@threshold/validators';
import { viewOutbox, viewOutboxMessage } from '../domain/outbox-view.ts';
import { router, staffProcedure } from '../trpc.ts';

const viewer = (ctx: { staff: { id: string; organisationId: string }; siteId: string }) => ({
  staffId: ctx.staff.id,
  organisationId: ctx.staff.organisationId,
  siteId: ctx.siteId,
});

export const outboxRouter = router({
  /** Outgoing mail at a site; in demo mode (no SMTP_URL) this is where messages are kept instead of sent. */
  list: staffProcedure('admin', 'coordinator').query(({ ctx }) =>
    viewOutbox(
      ctx.db,
      {
        ...viewer(ctx),
        seesVisitDetails: ctx.staff.roles.some((r) => r.siteId === ctx.siteId && r.role === 'coordinator'),
      },
      ctx.mailMode,
    ),
  ),

  /** A message with its content (the visitor's signed form): visit details, so coordinators only. */
  message: staffProcedure('coordinator')
    .input(outboxMessageInput)
    .query(({ ctx, input }) => viewOutboxMessage(ctx.db, viewer(ctx), input.messageId)),
});
