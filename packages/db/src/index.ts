export * from './availability.ts';
export * from './backup/index.ts';
export * from './client.ts';
export { connectionErrorCode, isConnectionError } from './connection-errors.ts';
export * from './crypto/index.ts';
export {
  checkApplicationAccess,
  DatabaseProblem,
  type DatabasePurpose,
  explainDatabaseError,
} from './database-errors.ts';
export { type EmbeddedDatabase, findRunningEmbedded, freePort, startEmbeddedPostgres } from './embedded.ts';
export * from './events/listener.ts';
export * from './events/live-event.ts';
export * from './events/notices.ts';
export { type Loop, type LoopOptions, startLoop } from './loop.ts';
export { migrateDatabase, migrationsFolder, roleOf } from './migrate.ts';
export { namePrefixQuery } from './name-search.ts';
export * from './pipelined-transaction.ts';
export { isPgError, type PgErrorInfo, pgErrorOf, provisionDatabase } from './provision.ts';
export * from './queries/accounts.ts';
export * from './queries/alerts.ts';
export * from './queries/audit.ts';
export * from './queries/audit-chain.ts';
export * from './queries/badge-escort.ts';
export * from './queries/deny-list.ts';
export * from './queries/departures.ts';
export * from './queries/disclosures.ts';
export * from './queries/displays.ts';
export * from './queries/document-translations.ts';
export * from './queries/document-versions.ts';
export * from './queries/documents.ts';
export * from './queries/escorts.ts';
export * from './queries/host-match.ts';
export * from './queries/job-outbox.ts';
export * from './queries/kiosk.ts';
export * from './queries/kiosk-codes.ts';
export { countVisitsInPeriod, insertLogReview, listLogReviews, type NewLogReview } from './queries/log-review.ts';
export * from './queries/outbox.ts';
export * from './queries/rate-limit.ts';
export * from './queries/reports.ts';
export * from './queries/retention.ts';
export * from './queries/role-grants.ts';
export * from './queries/roll-call.ts';
export * from './queries/safeguarding.ts';
export * from './queries/screening.ts';
export * from './queries/secrets.ts';
export * from './queries/session-endings.ts';
export * from './queries/sign-in-records.ts';
export * from './queries/signed-form.ts';
export * from './queries/site-overview.ts';
export * from './queries/site-settings.ts';
export * from './queries/staff.ts';
export * from './queries/subject-access.ts';
export * from './queries/visit-destroy.ts';
export { type ExceptionContext, exceptionKindsOf, type LogExceptionKind } from './queries/visit-exceptions.ts';
export {
  searchVisitLog,
  type VisitLogCursor,
  type VisitLogFilters,
  type VisitLogRow,
  visitLogPageSql,
} from './queries/visit-log.ts';
export * from './queries/visit-records.ts';
export { listVisitTimeline, type TimelineEvent } from './queries/visit-timeline.ts';
export * from './queries/visits.ts';
export * from './queries/visits-on-site.ts';
export * as schema from './schema/index.ts';
export { executeSqlOn } from './sql-client.ts';
