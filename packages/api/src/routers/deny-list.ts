import {
  addDenyEntryInput,
  decideScreeningInput,
  editDenyEntryInput,
  listDenyEntriesInput,
  removeDenyEntryInput,
  sectionRoles,
} from '@threshold/validators';
import { addDenyEntry, denyEntries, editDenyEntry, organisationOf, removeEntry } from '../domain/deny-list/entries.ts';
import { decideScreening, pendingScreenings } from '../domain/deny-list/screening.ts';
import { router, staffProcedure } from '../trpc.ts';

const coordinator = staffProcedure(...sectionRoles.denyList);

export const denyListRouter = router({
  /** The organisation's entries (names decrypted for coordinators); `due` lists those past their review date. */
  entries: coordinator
    .input(listDenyEntriesInput)
    .query(({ ctx, input }) => denyEntries(ctx.db, { siteId: ctx.siteId, due: input.due, now: ctx.now() })),

  /** Adds an entry. Audited (ids only). */
  add: coordinator.input(addDenyEntryInput).mutation(({ ctx, input }) => {
    const { siteId: _site, ...fields } = input;
    return addDenyEntry(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now(), fields });
  }),

  /** Changes an entry; asks why. Audited. */
  edit: coordinator.input(editDenyEntryInput).mutation(({ ctx, input }) => {
    const { siteId: _site, entryId, change: _change, ...fields } = input;
    return editDenyEntry(ctx.db, { siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now(), entryId, fields });
  }),

  /** Removes an entry with a reason. Audited. */
  remove: coordinator
    .input(removeDenyEntryInput)
    .mutation(({ ctx, input }) =>
      removeEntry(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),

  /** Visitors held in screening at this site, waiting for a coordinator. */
  waiting: coordinator.query(async ({ ctx }) =>
    pendingScreenings(ctx.db, { siteId: ctx.siteId, organisationId: await organisationOf(ctx.db, ctx.siteId) }),
  ),

  /** Admits or refuses a visitor held in screening, with a reason. Audited. */
  decide: coordinator
    .input(decideScreeningInput)
    .mutation(({ ctx, input }) =>
      decideScreening(ctx.db, { ...input, siteId: ctx.siteId, staffId: ctx.staff.id, now: ctx.now() }),
    ),
});
