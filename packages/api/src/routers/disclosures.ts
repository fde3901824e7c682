import {
  disclosureCreateInput,
  disclosureExportInput,
  disclosureIdInput,
  disclosureListInput,
  disclosureUpdateInput,
  sectionRoles,
} from '@threshold/validators';
import {
  changeDisclosure,
  disclosureDeciders,
  disclosureList,
  recordDisclosure,
  viewDisclosure,
} from '../domain/disclosures.ts';
import { exportDisclosures } from '../domain/disclosures-export.ts';
import { router, staffProcedure } from '../trpc.ts';

const coordinator = staffProcedure(...sectionRoles.disclosures);

/** The disclosure register (policy 001): coordinators record, read and export requests for information. */
export const disclosuresRouter = router({
  list: coordinator
    .input(disclosureListInput)
    .query(({ ctx, input }) =>
      disclosureList(ctx.db, { siteId: ctx.siteId, from: input.from, to: input.to, consent: input.consent }),
    ),

  /** One request and the visits it concerns; audited. */
  get: coordinator
    .input(disclosureIdInput)
    .query(({ ctx, input }) => viewDisclosure(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id, id: input.id })),

  /** Staff at the site who may be named as having decided. */
  deciders: coordinator.query(({ ctx }) => disclosureDeciders(ctx.db, { siteId: ctx.siteId })),

  create: coordinator.input(disclosureCreateInput).mutation(({ ctx, input }) => {
    const { siteId: _siteId, ...fields } = input;
    return recordDisclosure(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id, fields, now: ctx.now() });
  }),

  update: coordinator.input(disclosureUpdateInput).mutation(({ ctx, input }) => {
    const { siteId: _siteId, id, ...fields } = input;
    return changeDisclosure(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id, id, fields, now: ctx.now() });
  }),

  /** The filtered register as CSV; asks a reason, audited. */
  exportCsv: coordinator.input(disclosureExportInput).mutation(({ ctx, input }) =>
    exportDisclosures(ctx.db, {
      siteId: ctx.siteId,
      from: input.from,
      to: input.to,
      consent: input.consent,
      reason: input.reason,
      staffId: ctx.staff.id,
    }),
  ),
});
