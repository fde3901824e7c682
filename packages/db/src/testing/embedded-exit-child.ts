// A process that starts and stops an embedded PostgreSQL, then ends on its own with the exit code given.
import { startEmbeddedPostgres } from '../embedded.ts';

const [dir, code] = process.argv.slice(2);
if (!dir || !code) throw new Error('usage: embedded-exit-child.ts <data dir> <exit code>');
const database = await startEmbeddedPostgres(dir, { fast: true });
await database.stop();
process.exitCode = Number(code);
