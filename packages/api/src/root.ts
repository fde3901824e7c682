import { accountsRouter } from './routers/accounts.ts';
import { alertsRouter } from './routers/alerts.ts';
import { auditRouter } from './routers/audit.ts';
import { denyListRouter } from './routers/deny-list.ts';
import { departuresRouter } from './routers/departures.ts';
import { disclosuresRouter } from './routers/disclosures.ts';
import { displaysRouter } from './routers/displays.ts';
import { documentsRouter } from './routers/documents.ts';
import { escortsRouter } from './routers/escorts.ts';
import { kioskRouter } from './routers/kiosk.ts';
import { liveRouter } from './routers/live.ts';
import { logReviewsRouter } from './routers/log-reviews.ts';
import { outboxRouter } from './routers/outbox.ts';
import { reportsRouter } from './routers/reports.ts';
import { retentionRouter } from './routers/retention.ts';
import { rollCallRouter } from './routers/roll-call.ts';
import { safeguardingRouter } from './routers/safeguarding.ts';
import { sitesRouter } from './routers/sites.ts';
import { staffRouter } from './routers/staff.ts';
import { subjectAccessRouter } from './routers/subject-access.ts';
import { visitLogRouter } from './routers/visit-log.ts';
import { visitsRouter } from './routers/visits.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  accounts: accountsRouter,
  alerts: alertsRouter,
  audit: auditRouter,
  denyList: denyListRouter,
  departures: departuresRouter,
  disclosures: disclosuresRouter,
  displays: displaysRouter,
  documents: documentsRouter,
  escorts: escortsRouter,
  kiosk: kioskRouter,
  live: liveRouter,
  logReviews: logReviewsRouter,
  outbox: outboxRouter,
  reports: reportsRouter,
  retention: retentionRouter,
  rollCall: rollCallRouter,
  safeguarding: safeguardingRouter,
  sites: sitesRouter,
  staff: staffRouter,
  subjectAccess: subjectAccessRouter,
  visitLog: visitLogRouter,
  visits: visitsRouter,
});

export type AppRouter = typeof appRouter;
