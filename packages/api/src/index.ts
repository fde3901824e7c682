export { type Auth, createAuth } from './auth.ts';
export { CLIENT_ADDRESS_HEADER } from './auth-limits.ts';
export { startKioskCache } from './cache/kiosk-cache.ts';
export { startSignInCache } from './cache/sign-in-cache.ts';
export type { RouterInputs, RouterOutputs } from './client-types.ts';
export { type Context, createContextFactory } from './context.ts';
export { DEMO_PIN, type DemoSeed, demoAccounts, seedDemo } from './demo/seed.ts';
export { renderSignedFormPdf } from './documents/signed-form-pdf.ts';
export { createAdminAccount, type NewAdmin } from './domain/accounts.ts';
export { type AuditSealer, type AuditSealerOptions, startAuditSealer } from './domain/audit-chain-sealer.ts';
export { registerClosingSweep } from './domain/departure-closing.ts';
export { publishDefaultDocuments } from './domain/documents.ts';
export { afterCommitHandlers, registerVisitCheckHandlers, type VisitTimers } from './domain/escort/timers.ts';
export { createPairingCode } from './domain/kiosk-pairing.ts';
export { resendOutbox } from './domain/outbox-resend.ts';
export type { MailMode } from './domain/outbox-view.ts';
export { exportVisitsCsv } from './domain/report-export.ts';
export { registerNightlyPurge } from './domain/retention/nightly.ts';
export { previewRetentionPurge, runRetentionPurge } from './domain/retention/purge.ts';
export { grantRoleFromServer } from './domain/server-grants.ts';
export {
  type AfterCommitWorker,
  drainAfterCommit,
  notifyHandler,
  startAfterCommitWorker,
} from './jobs/after-commit.ts';
export { type JobCatalogue, jobCatalogue, type ThresholdJobCatalogue } from './jobs/catalogue.ts';
export {
  createJobs,
  type JobHandler,
  type JobName,
  type Jobs,
  type JobsOptions,
  type ScheduleOptions,
} from './jobs/jobs.ts';
export { prepareJobSchema } from './jobs/prepare.ts';
export { type LiveMessage, listenForLiveEvents, parseLiveEvent } from './live/listener.ts';
export { createMailer, type MailAttachment, type Mailer, type MailMessage } from './mail/mailer.ts';
export {
  describeOutboxFailure,
  type OutboxFailure,
  type SendOutboxOptions,
  type SendOutboxResult,
  sendPendingOutbox,
} from './mail/outbox-sender.ts';
export { renderOutboxMessage } from './mail/templates.ts';
export { hashSecret } from './password.ts';
export { type AppRouter, appRouter } from './root.ts';
export { createCallerFactory, DATABASE_UNAVAILABLE, type FieldIssue } from './trpc.ts';
