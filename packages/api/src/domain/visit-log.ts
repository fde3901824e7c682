import { type Db, type DbOrTx, type ExceptionContext, getSite, searchVisitLog } from '@threshold/db';
import type { visitLogSearchInput } from '@threshold/validators';
import type { z } from 'zod';
import { writeAudit } from './audit.ts';
import { DomainError } from './errors.ts';

export type VisitLogSearch = z.output<typeof visitLogSearchInput>;

/** The site's clock and allowances that decide what counts as an exception (see visit-exceptions.ts). */
export async function exceptionContextOf(db: DbOrTx, params: { siteId: string; now: Date }) {
  const site = await getSite(db, { siteId: params.siteId });
  if (!site) throw new DomainError('NOT_FOUND', 'There is no such site.');
  const context: ExceptionContext = {
    timeZone: site.timezone,
    now: params.now,
    unescortedAllowanceSeconds: site.escortConfirmSeconds,
  };
  return { site, context };
}

/**
 * One page of a site's visit log for a coordinator, newest first, with each visit's exceptions and the cursor of
 * the next page (null on the last). Every search is recorded with its filters and whether a name was searched,
 * never the name, in the same transaction as the read.
 */
export async function searchLog(db: Db, params: { staffId: string; search: VisitLogSearch; now: Date }) {
  const { search } = params;
  return db.transaction(async (tx) => {
    const { site, context } = await exceptionContextOf(tx, { siteId: search.siteId, now: params.now });
    const rows = await searchVisitLog(tx, {
      ...context,
      siteId: search.siteId,
      from: search.from,
      to: search.to,
      category: search.category,
      state: search.state,
      escortStaffId: search.escortStaffId,
      exception: search.exception,
      name: search.name,
      cursor: search.cursor ?? undefined,
      // One more than a page tells whether another page follows without counting the whole log.
      limit: search.limit + 1,
    });
    const visits = rows.slice(0, search.limit);
    const last = visits.at(-1);
    await writeAudit(
      tx,
      { type: 'staff', id: params.staffId },
      { organisationId: site.organisationId, siteId: site.id },
      {
        type: 'visit_log.searched',
        data: {
          from: search.from,
          to: search.to,
          category: search.category,
          state: search.state,
          escortStaffId: search.escortStaffId,
          exception: search.exception,
          nameSearched: search.name !== undefined,
          page: search.cursor ? 'next' : 'first',
          results: visits.length,
        },
      },
    );
    return {
      visits: visits.map(({ cursor: _cursor, ...v }) => v),
      nextCursor: rows.length > search.limit && last ? last.cursor : null,
    };
  });
}
