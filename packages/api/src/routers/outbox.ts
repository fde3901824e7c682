import { actionRoles, outboxMessageInput, sectionRoles } from '@threshold/validators';
import { staffActor } from '../domain/audit.ts';
import { resendOutbox } from '../domain/outbox-resend.ts';
import { outboxSummary, viewOutbox, viewOutboxMessage } from '../domain/outbox-view.ts';
import { router, staffProcedure } from '../trpc.ts';

const viewer = (ctx: { staff: { id: string; organisationId: string }; siteId: string }) => ({
  staffId: ctx.staff.id,
  organisationId: ctx.staff.organisationId,
  siteId: ctx.siteId,
});

const resender = (ctx: { staff: { id: string; organisationId: string }; siteId: string }) => ({
  organisationId: ctx.staff.organisationId,
  siteId: ctx.siteId,
  actor: staffActor(ctx.staff.id),
  via: 'admin' as const,
});

export const outboxRouter = router({
  /** Outgoing mail at a site; in demo mode (no SMTP_URL) this is where messages are kept instead of sent. */
  list: staffProcedure(...sectionRoles.outbox).query(({ ctx }) =>
    viewOutbox(
      ctx.db,
      {
        ...viewer(ctx),
        seesVisitDetails: ctx.staff.roles.some((r) => r.siteId === ctx.siteId && r.role === 'coordinator'),
      },
      ctx.mailMode,
    ),
  ),

  /** How many emails could not be sent, for the banner on every page. */
  summary: staffProcedure(...sectionRoles.outbox).query(({ ctx }) => outboxSummary(ctx.db, { siteId: ctx.siteId })),

  /** A message with its content (the visitor's signed form): visit details, so coordinators only. */
  message: staffProcedure(...actionRoles.openVisit)
    .input(outboxMessageInput)
    .query(({ ctx, input }) => viewOutboxMessage(ctx.db, viewer(ctx), input.messageId)),

  /** Sends a message the sender gave up on again (admins, who look after the mail). Audited. */
  resend: staffProcedure(...actionRoles.resendEmail)
    .input(outboxMessageInput)
    .mutation(({ ctx, input }) => resendOutbox(ctx.db, { ...resender(ctx), messageId: input.messageId })),

  /** Sends every message the sender gave up on at this site again. Audited. */
  resendAllFailed: staffProcedure(...actionRoles.resendEmail).mutation(({ ctx }) =>
    resendOutbox(ctx.db, resender(ctx)),
  ),
});
