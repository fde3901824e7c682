import { alertsRouter } from './routers/alerts.ts';
import { auditRouter } from './routers/audit.ts';
import { escortsRouter } from './routers/escorts.ts';
import { kioskRouter } from './routers/kiosk.ts';
import { liveRouter } from './routers/live.ts';
import { outboxRouter } from './routers/outbox.ts';
import { staffRouter } from './routers/staff.ts';
import { visitsRouter } from './routers/visits.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  alerts: alertsRouter,
  audit: auditRouter,
  escorts: escortsRouter,
  kiosk: kioskRouter,
  live: liveRouter,
  outbox: outboxRouter,
  staff: staffRouter,
  visits: visitsRouter,
});

export type AppRouter = typeof appRouter;
