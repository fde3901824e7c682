import { sectionRoles, subjectEraseInput, subjectExportInput, subjectSearchInput } from '@threshold/validators';
import { DomainError } from '../domain/errors.ts';
import { eraseSubject, exportSubject, findSubject, type SubjectAccessor } from '../domain/subject-access.ts';
import { router, staffProcedure } from '../trpc.ts';

const coordinator = staffProcedure(...sectionRoles.subjectAccess);

const accessor = (ctx: {
  siteId: string;
  staff: { id: string; organisationId: string; roles: SubjectAccessor['roles'] };
}): SubjectAccessor => ({
  staffId: ctx.staff.id,
  organisationId: ctx.staff.organisationId,
  siteId: ctx.siteId,
  roles: ctx.staff.roles,
});

/** Subject access: find everything held about a person across the coordinator's sites, export it. */
export const subjectAccessRouter = router({
  find: coordinator
    .input(subjectSearchInput)
    .mutation(({ ctx, input }) =>
      findSubject(ctx.db, { by: accessor(ctx), terms: { name: input.name, email: input.email } }),
    ),

  /** JSON or PDF of the ticked visits; asks a reason, one audit row per visit. */
  export: coordinator.input(subjectExportInput).mutation(({ ctx, input }) =>
    exportSubject(ctx.db, {
      by: accessor(ctx),
      visitIds: input.visitIds,
      format: input.format,
      reason: input.reason,
      now: ctx.now(),
    }),
  ),

  /** Erases the ticked visits unless held (listed with why); asks a reason, audited by id. */
  erase: coordinator.input(subjectEraseInput).mutation(({ ctx, input }) => {
    if (!ctx.ownerDb) {
      throw new DomainError(
        'CONFLICT',
        'Erasure is not available on this server: it was started without its owner database connection.',
      );
    }
    return eraseSubject(ctx.ownerDb, { by: accessor(ctx), visitIds: input.visitIds, reason: input.reason });
  }),
});
