import { kioskRouter } from './routers/kiosk.ts';
import { outboxRouter } from './routers/outbox.ts';
import { staffRouter } from './routers/staff.ts';
import { visitsRouter } from './routers/visits.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  kiosk: kioskRouter,
  outbox: outboxRouter,
  staff: staffRouter,
  visits: visitsRouter,
});

export type AppRouter = typeof appRouter;
